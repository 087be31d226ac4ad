const DURATION_UNITS: Record<string, number> = { ms: 1 / 86_400_000, s: 1 / 86_400, m: 1 / 1440, h: 1 / 24, d: 1, w: 7, y: 365 };

/**
 * A Prometheus/Go duration (`30d`, `1w2d`, `720h`, `168h0m0s`) in days; undefined when it is not one. Prometheus'
 * `y` is 365 days.
 */
export function durationDays(text: string): number | undefined {
  const s = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w|y))+$/.test(s)) return undefined;
  let days = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g)) days += Number(m[1]) * DURATION_UNITS[m[2]!]!;
  return days;
}

const BINARY: Record<string, number> = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40, P: 2 ** 50, E: 2 ** 60 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A Prometheus size (`180GB`, `512MB`; base 1024, as Prometheus reads it) in bytes. */
export function prometheusSizeBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(B|KB|MB|GB|TB|PB|EB)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * BINARY[m[2]!.replace(/B$/, "")]!;
}

/** A Kubernetes quantity (`200Gi`, `500M`, `1Ti`) in bytes. */
export function quantityBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(String(text).trim());
  if (!m) return undefined;
  const unit = m[2] ?? "";
  const factor = unit.endsWith("i") ? BINARY[unit[0]!]! : unit === "" ? 1 : DECIMAL[unit]!;
  return Number(m[1]) * factor;
}

/** Bytes as GiB with up to two decimals, for messages. */
export function gib(bytes: number): string {
  return `${Math.round((bytes / 2 ** 30) * 100) / 100} GiB`;
}
