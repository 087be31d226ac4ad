import { ENSEMBLE_METRICS, LLM_METRICS } from "../../catalog";
import { bucket, countOf, leMatcher, num, selector } from "../promql";
import { SERVER_FAILURES } from "../sources";
import type { RuleContext } from "../types";

/** A service-level objective as the ratio of bad events to all events. */
export interface Slo {
  /** Prefix of the alert names (`<id>SLOBurnRatePage`). */
  readonly id: string;
  /** Value of the `slo` label on recorded series and alerts. */
  readonly slug: string;
  /** Share of good events promised, 0-1; the error budget is `1 - objective`. */
  readonly objective: number;
  /** What is promised, for summaries and the runbook. */
  readonly promise: string;
  /** Rate of bad events over a window. */
  readonly bad: (window: string) => string;
  /** Rate of all events over a window. */
  readonly total: (window: string) => string;
}

const ensembleLatency = ENSEMBLE_METRICS.inferenceDurationSeconds;

/**
 * "p95 < X for mode M" as an SLO: at least 95 % of that mode's requests finish within X. Bad events are
 * requests above the X bucket bound, so the SLI is exact (no quantile interpolation).
 */
function latencySlo(id: string, mode: string, seconds: number): Slo {
  const count = (w: string) => `sum(rate(${selector(countOf(ensembleLatency), [`mode="${mode}"`])}[${w}]))`;
  const fast = (w: string) => `sum(rate(${selector(bucket(ensembleLatency), [`mode="${mode}"`, leMatcher(ensembleLatency, seconds)])}[${w}]))`;
  return {
    id, slug: `${mode}_latency`, objective: 0.95, promise: `95 % of ${mode}-mode requests finish within ${seconds} s (seed 002: p95 < ${seconds} s)`,
    bad: (w) => `(${count(w)} - ${fast(w)})`, total: count,
  };
}

const sumRate = (series: string) => (w: string) => `sum(rate(${series}[${w}]))`;

/**
 * Seed 002's targets (FAST p95 < 2.5 s, CREATIVE p95 < 4.0 s, cache hit >= 80 %) and availability on seed
 * 000's error ratio at `alerts.thresholds.sloAvailabilityTarget`.
 */
export function slos(ctx: RuleContext): Slo[] {
  const availability = ctx.thresholds.sloAvailabilityTarget;
  return [
    {
      id: "Availability", slug: "availability", objective: availability,
      promise: `${num(availability * 100)} % of inference requests succeed`,
      bad: sumRate(SERVER_FAILURES), total: sumRate(LLM_METRICS.requestsTotal.name),
    },
    latencySlo("FastModeLatency", "fast", 2.5),
    latencySlo("CreativeModeLatency", "creative", 4),
    {
      id: "CacheHitRatio", slug: "cache_hit_ratio", objective: 0.8, promise: "80 % of cache lookups hit (seed 002)",
      bad: sumRate(LLM_METRICS.cacheMissesTotal.name),
      total: (w) => `(${sumRate(LLM_METRICS.cacheHitsTotal.name)(w)} + ${sumRate(LLM_METRICS.cacheMissesTotal.name)(w)})`,
    },
  ];
}
