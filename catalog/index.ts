import type { MetricDef } from "./types";
import { LLM_METRICS } from "./llm";
import { EXPORTER_EXTRA_METRICS } from "./exporter-extra";
import { EXPORTER_RUNTIME_METRICS } from "./exporter-runtime";
import {
  AILINUX_METRICS, DCGM_METRICS, ENSEMBLE_METRICS, GUARDIAN_METRICS, NODE_METRICS, NVIDIA_SMI_METRICS, POSTGRES_METRICS,
  PROMETHEUS_METRICS, SIEM_METRICS,
} from "./external";

export type { MetricDef, MetricSource, MetricType } from "./types";
export { LLM_METRICS, FIRST_TOKEN_BUCKETS_MS, DURATION_BUCKETS_MS, PER_TOKEN_BUCKETS_MS } from "./llm";
export { EXPORTER_EXTRA_METRICS } from "./exporter-extra";
export { EXPORTER_JOB, EXPORTER_RUNTIME_METRICS } from "./exporter-runtime";
export {
  AILINUX_METRICS, DCGM_METRICS, ENSEMBLE_METRICS, GUARDIAN_METRICS, NODE_METRICS, NVIDIA_SMI_METRICS, POSTGRES_METRICS,
  PROMETHEUS_METRICS, SIEM_METRICS,
} from "./external";

/** Every metric the exporter itself emits: its own instruments, then the process's runtime metrics. */
export const EXPORTER_METRICS: readonly MetricDef[] = [
  ...Object.values(LLM_METRICS),
  ...Object.values(EXPORTER_EXTRA_METRICS),
  ...Object.values(EXPORTER_RUNTIME_METRICS),
];

/** Every metric family known to the stack, whoever emits it. */
export const ALL_METRICS: readonly MetricDef[] = [
  ...EXPORTER_METRICS,
  ...[SIEM_METRICS, AILINUX_METRICS, ENSEMBLE_METRICS, GUARDIAN_METRICS, NODE_METRICS, DCGM_METRICS, NVIDIA_SMI_METRICS,
    POSTGRES_METRICS, PROMETHEUS_METRICS].flatMap((group) => Object.values(group) as MetricDef[]),
];

const HISTOGRAM_SUFFIXES = ["_bucket", "_sum", "_count"] as const;

/** Series names a family exposes: a histogram exposes `_bucket`, `_sum` and `_count`. */
export function seriesNames(def: MetricDef): string[] {
  return def.type === "histogram" ? HISTOGRAM_SUFFIXES.map((s) => def.name + s) : [def.name];
}

const bySeriesName = new Map(ALL_METRICS.flatMap((d) => seriesNames(d).map((n) => [n, d] as const)));

/** The family a series name belongs to (`llm_first_token_latency_ms_bucket` -> the TTFT histogram), if any. */
export function findMetric(seriesName: string): MetricDef | undefined {
  return bySeriesName.get(seriesName);
}

const byName = new Map(ALL_METRICS.map((d) => [d.name, d] as const));

/** The family with exactly this name (`llm_first_token_latency_ms`), if any. */
export function metricByName(name: string): MetricDef | undefined {
  return byName.get(name);
}
