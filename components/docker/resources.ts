import type { Resources } from "../../config";

const MEMORY_FACTOR_MB: Record<string, number> = {
  "": 1 / 1048576, k: 1000 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576, T: 1e12 / 1048576,
  Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024,
};

/** Mebibytes in a Kubernetes memory quantity (`512Mi` -> 512, `4Gi` -> 4096), rounded up. */
export function memoryMb(quantity: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(k|Ki|Mi|Gi|Ti|M|G|T)?$/.exec(quantity);
  if (!m) throw new Error(`memory quantity ${JSON.stringify(quantity)}: expected a quantity like 512Mi or 4Gi`);
  return Math.ceil(Number(m[1]) * MEMORY_FACTOR_MB[m[2] ?? ""]!);
}

/** CPUs in a Kubernetes CPU quantity, as the decimal string Docker's `cpus` takes (`500m` -> "0.5"). */
export function cpus(quantity: string): string {
  const m = /^([0-9]+(?:\.[0-9]+)?)(m)?$/.exec(quantity);
  if (!m) throw new Error(`cpu quantity ${JSON.stringify(quantity)}: expected a quantity like 500m or 2`);
  return String(m[2] ? Number(m[1]) / 1000 : Number(m[1]));
}

/** Docker limits from the config's `Resources`: Docker has no requests, so the limits are what is enforced. */
export function containerLimits(r: Resources): { memory: number; memoryReservation: number; cpus: string } {
  return { memory: memoryMb(r.limits.memory), memoryReservation: memoryMb(r.requests.memory), cpus: cpus(r.limits.cpu) };
}
