/** Latency summary of one load run, in milliseconds. */
export interface LatencySummary {
  /** Requests measured. */
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The q-quantile (0..1) of ascending `sorted` values by the nearest-rank method: the smallest value with at least
 * q of all values at or below it. Nearest-rank never invents a latency no request had, unlike interpolation.
 */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("percentile of no values");
  if (!(q >= 0 && q <= 1)) throw new Error(`percentile q = ${q}: expected 0..1`);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

/** p50/p90/p99/max/mean of latencies in milliseconds (any order). */
export function summarize(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
    mean: sorted.length === 0 ? 0 : sum / sorted.length,
  };
}

/** Spread of repeated measurements: (max - min) / median, 0..; undefined for no values or a median of 0. */
export function spread(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = percentile(sorted, 0.5);
  return mid === 0 ? undefined : (sorted.at(-1)! - sorted[0]!) / mid;
}
