import { AILINUX_METRICS, DURATION_BUCKETS_MS, FIRST_TOKEN_BUCKETS_MS, GUARDIAN_METRICS, LLM_METRICS, POSTGRES_METRICS, type MetricDef } from "../catalog";
import type { StackConfig } from "./schema";
import type { ModelThresholds, Thresholds } from "./sections/alerts";

export type Path = (string | number)[];
/** A cross-field problem: where, the offending value, and what is allowed instead. */
export type Problem = [path: Path, value: unknown, allowed: string];

type NumericThreshold = { [K in keyof Thresholds]: Thresholds[K] extends number ? K : never }[keyof Thresholds];

/** Warning/critical pairs that a model may override. */
const ORDERED: [warning: keyof ModelThresholds, critical: keyof ModelThresholds][] = [
  ["ttftP95WarningMs", "ttftP95CriticalMs"],
  ["errorRateWarning", "errorRateCritical"],
];
const GLOBAL_ORDERED: [warning: NumericThreshold, critical: NumericThreshold][] = [
  ...ORDERED,
  ["gpuMemoryWarningPct", "gpuMemoryCriticalPct"],
  ["gpuTemperatureWarningCelsius", "gpuTemperatureCriticalCelsius"],
];

/** Global thresholds compared against a histogram's quantile, and that histogram. */
const ON_BUCKETS: [key: NumericThreshold, histogram: MetricDef][] = [
  ["llmCallP95WarningSeconds", AILINUX_METRICS.llmLatencySeconds],
  ["specialistP95WarningSeconds", GUARDIAN_METRICS.specialistRequestDuration],
  ["slowQuerySeconds", POSTGRES_METRICS.statementsMeanTime],
];

/** Threshold ordering, and latency thresholds on bucket bounds, globally and per model. */
export function thresholdProblems(c: StackConfig): Problem[] {
  const p: Problem[] = [];
  const t = c.alerts.thresholds;
  for (const [w, k] of GLOBAL_ORDERED) {
    if (t[w] >= t[k]) p.push([["alerts", "thresholds", w], t[w], `below alerts.thresholds.${k} (${t[k]})`]);
  }
  // A model override is merged over the global thresholds, so the pair must stay ordered after the merge.
  for (const [model, o] of Object.entries(c.alerts.modelOverrides)) {
    const eff = { ...t, ...o };
    for (const [w, k] of ORDERED) {
      if ((o[w] !== undefined || o[k] !== undefined) && eff[w] >= eff[k]) {
        const [key, value] = o[w] !== undefined ? [w, o[w]] : [k, o[k]];
        p.push([["alerts", "modelOverrides", model, key], value, `${w} below ${k} for this model (effective ${eff[w]} vs ${eff[k]})`]);
      }
    }
  }
  // histogram_quantile interpolates inside a bucket: a threshold between bounds would fire at the wrong latency.
  const onBucket = (path: Path, v: number | undefined, buckets: readonly number[], metric: string) => {
    if (v !== undefined && !buckets.includes(v)) p.push([path, v, `a bucket bound of ${metric}: ${buckets.join(", ")}`]);
  };
  const scopes: [Path, Partial<ModelThresholds>][] = [
    [["alerts", "thresholds"], t],
    ...Object.entries(c.alerts.modelOverrides).map(([m, o]): [Path, Partial<ModelThresholds>] => [["alerts", "modelOverrides", m], o]),
  ];
  const ttft = LLM_METRICS.firstTokenLatencyMs.name;
  for (const [path, o] of scopes) {
    onBucket([...path, "ttftP95WarningMs"], o.ttftP95WarningMs, FIRST_TOKEN_BUCKETS_MS, ttft);
    onBucket([...path, "ttftP95CriticalMs"], o.ttftP95CriticalMs, FIRST_TOKEN_BUCKETS_MS, ttft);
    onBucket([...path, "durationP95WarningMs"], o.durationP95WarningMs, DURATION_BUCKETS_MS, LLM_METRICS.durationMs.name);
  }
  for (const [key, def] of ON_BUCKETS) onBucket(["alerts", "thresholds", key], t[key], def.buckets ?? [], def.name);
  return p;
}
