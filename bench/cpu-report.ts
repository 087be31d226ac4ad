import type { CpuRun, Proxy } from "./cpu-cost";
import { pct, table, type Mode } from "./report";
import { percentile, spread } from "./stats";

/** One proxy's CPU per request in one mode, over the rounds. */
export interface CpuComparison {
  mode: Mode;
  target: Proxy;
  /** Median over rounds of CPU microseconds per request. */
  usPerRequest: number;
  /** (max - min) / median of the per-round cost per request (instructions or CPU time, as the ratio). */
  spread: number | undefined;
  /** Median instructions per request, when perf could count them. */
  instructionsPerRequest?: number;
  /**
   * Exporter's cost per request / this proxy's, median of the per-round ratios (only for nginx and relay): of
   * instructions when every run counted them, else of CPU time.
   */
  exporterRatio?: number;
  /** Spread of those per-round ratios. */
  exporterRatioSpread?: number;
}

const median = (xs: readonly number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);

/** Per mode and proxy: CPU per request, its spread, and how many times the exporter's it is, from the per-round runs. */
export function compareCpu(runs: readonly CpuRun[]): CpuComparison[] {
  const byInstructions = runs.length > 0 && runs.every((r) => r.instructions !== undefined);
  const modes = [...new Set(runs.map((r) => r.mode))];
  const targets = [...new Set(runs.map((r) => r.target))];
  return modes.flatMap((mode) => targets.map((target) => {
    const mine = runs.filter((r) => r.mode === mode && r.target === target);
    const cpuPerRequest = (r: CpuRun) => (r.cpuMs * 1000) / r.requests;
    const us = mine.map(cpuPerRequest);
    const instructions = mine.flatMap((r) => (r.instructions === undefined ? [] : [r.instructions / r.requests]));
    const cost = byInstructions ? (r: CpuRun) => r.instructions! / r.requests : cpuPerRequest;
    const ratios = target === "exporter" ? [] : mine.flatMap((r) => {
      const e = runs.find((x) => x.mode === mode && x.target === "exporter" && x.round === r.round);
      return e ? [cost(e) / cost(r)] : [];
    });
    return {
      mode, target, usPerRequest: median(us), spread: spread(mine.map(cost)),
      ...(instructions.length ? { instructionsPerRequest: median(instructions) } : {}),
      ...(ratios.length ? { exporterRatio: median(ratios), exporterRatioSpread: spread(ratios) } : {}),
    };
  }));
}

export function cpuTable(rows: readonly CpuComparison[], how: string): string {
  return table(
    [`CPU per proxied request (${how})`, "us/request", "spread", "instructions/request", "exporter / this", "ratio spread"],
    rows.map((r) => [
      `${r.mode} ${r.target}`, Number.isNaN(r.usPerRequest) ? "n/a" : r.usPerRequest.toFixed(1), pct(r.spread),
      r.instructionsPerRequest === undefined ? "n/a" : r.instructionsPerRequest.toFixed(0),
      r.exporterRatio === undefined ? "" : `${r.exporterRatio.toFixed(2)}x`, r.exporterRatio === undefined ? "" : pct(r.exporterRatioSpread),
    ]),
  );
}
