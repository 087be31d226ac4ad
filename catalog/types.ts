/** The Prometheus metric types the catalog uses. */
export type MetricType = "counter" | "gauge" | "histogram";

/**
 * Who puts a series into Prometheus. Dashboards and alerts may only name metrics that something in the
 * stack emits or records; this field is how tests check that.
 * - `exporter`: our LLM metrics exporter (exporter/).
 * - `application`: the instrumented LLM application (seeds 000-003); the exporter never emits these.
 * - `node-exporter`, `dcgm-exporter`, `nvidia-smi-exporter`, `postgres-exporter`: third-party exporters.
 * - `backend`: native /metrics of an LLM server (vLLM, llama.cpp, TGI).
 * - `prometheus`: series Prometheus writes itself for every scrape target (`up`).
 */
export type MetricSource =
  | "exporter"
  | "application"
  | "backend"
  | "prometheus"
  | "node-exporter"
  | "dcgm-exporter"
  | "nvidia-smi-exporter"
  | "postgres-exporter";

/** One metric family: the single source of truth for its name, type, help text, unit, labels and buckets. */
export interface MetricDef {
  /** Full metric name as exposed (counters include `_total`). */
  readonly name: string;
  readonly type: MetricType;
  /** HELP text. */
  readonly help: string;
  /** Unit of the value: `ms`, `seconds`, `MB`, `bytes`, `percent`, `celsius`, `ratio`, `tokens`, `requests`, ... */
  readonly unit: string;
  /** Label names. Every label listed here must be bounded (enumerated or capped). */
  readonly labels: readonly string[];
  /**
   * The complete value set of enumerated labels. A counter whose every label is enumerated is exported at 0 for each
   * combination from the start: Prometheus cannot see the first increment of a series that is born at 1, so an
   * `increase(...) > 0` alert would miss the first event.
   */
  readonly labelValues?: Readonly<Record<string, readonly string[]>>;
  /** Histogram bucket upper bounds (in `unit`), ascending; every alert threshold on this metric is one of them. */
  readonly buckets?: readonly number[];
  readonly source: MetricSource;
  /** Which seed document (000-003) or component asks for it. */
  readonly origin: string;
}

/** Metric definitions that share one source and origin, written once. */
export const from = <T extends Record<string, Omit<MetricDef, "source" | "origin">>>(source: MetricSource, origin: string, defs: T) =>
  Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, { ...d, source, origin }])) as {
    [K in keyof T]: T[K] & { source: MetricSource; origin: string };
  };
