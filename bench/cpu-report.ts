import type { CpuRun, Proxy } from "./cpu-cost";
import { pct, table, type Mode } from "./report";
import { percentile, spread } from "./stats";

/** One proxy's CPU per request in one mode, over the rounds. */
export interface CpuComparison {
  mode: Mode;
  target: Proxy;
  /** Median over rounds of CPU microseconds per request. */
  usPerRequest: number;
  /** (max - min) / median of the per-round figures. */
  spread: number | undefined;
  /** Median instructions per request, when perf could count them. */
  instructionsPerRequest?: number;
  /** Exporter's CPU per request / this proxy's, median of the per-round ratios (only for nginx and relay). */
  exporterRatio?: number;
  /** Spread of those per-round ratios. */
  exporterRatioSpread?: number;
}

const median = (xs: readonly number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);

/** Per mode and proxy: CPU per request, its spread, and how many times the exporter's it is, from the per-round runs. */
export function compareCpu(runs: readonly CpuRun[]): CpuComparison[] {
  const modes = [...new Set(runs.map((r) => r.mode))];
  const targets = [...new Set(runs.map((r) => r.target))];
  return modes.flatMap((mode) => targets.map((target) => {
    const mine = runs.filter((r) => r.mode === mode && r.target === target);
    const perRequest = (r: CpuRun) => (r.cpuMs * 1000) / r.requests;
    const us = mine.map(perRequest);
    const instructions = mine.flatMap((r) => (r.instructions === undefined ? [] : [r.instructions / r.requests]));
    const ratios = target === "exporter" ? [] : mine.flatMap((r) => {
      const e = runs.find((x) => x.mode === mode && x.target === "exporter" && x.round === r.round);
      return e ? [perRequest(e) / perRequest(r)] : [];
    });
    return {
      mode, target, usPerRequest: median(us), spread: spread(us),
      ...(instructions.length ? { instructionsPerRequest: median(instructions) } : {}),
      ...(ratios.length ? { exporterRatio: median(ratios), exporterRatioSpread: spread(ratios) } : {}),
    };
  }));
}

export function cpuTable(rows: readonly CpuComparison[], how: string): string {
  return table(
    [`CPU per proxied request (${how})`, "us/request", "spread", "instructions/request", "exporter / this", "ratio spread"],
    rows.map((r) => [
      `${r.mode} ${r.target}`, r.usPerRequest.toFixed(1), pct(r.spread),
      r.instructionsPerRequest === undefined ? "n/a" : r.instructionsPerRequest.toFixed(0),
      r.exporterRatio === undefined ? "" : `${r.exporterRatio.toFixed(2)}x`, r.exporterRatio === undefined ? "" : pct(r.exporterRatioSpread),
    ]),
  );
}
