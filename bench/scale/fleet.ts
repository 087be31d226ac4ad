import { EXPORTER_METRICS, seriesNames, type MetricDef } from "../../catalog";

/** How big a fleet the scale benchmark simulates. */
export interface FleetShape {
  /** Distinct `model_id` values each exporter instance reports. */
  models: number;
  /** Exporter instances (scrape targets), each reporting every model. */
  instances: number;
}

/**
 * Values of labels the catalog leaves open (it bounds them but does not enumerate them), as one busy exporter
 * instance exposes them per model: three failure classes seen, two endpoints answered, and so on. With these
 * a 100 x 4 fleet has about 25,000 series, the size the issue measured.
 */
export const FLEET_LABEL_VALUES: Readonly<Record<string, readonly string[]>> = {
  error: ["upstream_5xx", "timeout", "client_disconnect"],
  endpoint: ["/v1/chat/completions"],
  status: ["200", "502"],
  mode: ["stream", "unary"],
  upstream: ["vllm-a", "vllm-b"],
  backend: ["vllm"],
  gpu: ["0", "1"],
  cache_type: ["prefix", "kv"],
  error_type: ["upstream_5xx", "timeout"],
  component: ["proxy", "upstream"],
};

/** One series the fleet exposes, without its instance (Prometheus adds `instance` and `job` when it scrapes). */
export interface FleetSeries {
  readonly def: MetricDef;
  /** Full series name (`..._bucket`, `..._total`). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Index of the model the series belongs to (0 for series without `model_id`), to vary values between models. */
  readonly model: number;
}

function labelValues(def: MetricDef, label: string, models: number): readonly string[] {
  if (label === "model_id") return Array.from({ length: models }, (_, i) => modelId(i));
  const values = def.labelValues?.[label] ?? FLEET_LABEL_VALUES[label];
  if (!values) throw new Error(`fleet: no values for label ${label} of ${def.name}; add it to FLEET_LABEL_VALUES`);
  return values;
}

/** The model ids of the fleet, `model-000` ... (zero-padded so they sort like the numbers). */
export function modelId(i: number): string {
  return `model-${String(i).padStart(3, "0")}`;
}

/** Every combination of the label values (the cross product), in a stable order. */
function combinations(def: MetricDef, models: number): Record<string, string>[] {
  return def.labels.reduce<Record<string, string>[]>(
    (acc, label) => acc.flatMap((partial) => labelValues(def, label, models).map((v) => ({ ...partial, [label]: v }))),
    [{}],
  );
}

/** Index of the model a label set belongs to. */
const modelOf = (labels: Record<string, string>): number => (labels.model_id === undefined ? 0 : Number(labels.model_id.slice("model-".length)));

/**
 * Every series one exporter instance exposes, generated from the catalog's exporter families: their names,
 * labels and histogram buckets (with `+Inf`), so a family the catalog gains is benchmarked without editing this.
 */
export function fleetSeries(models: number): FleetSeries[] {
  return EXPORTER_METRICS.flatMap((def) => combinations(def, models).flatMap((labels) => {
    const model = modelOf(labels);
    if (def.type !== "histogram") return [{ def, name: def.name, labels, model }];
    const [bucketName, sumName, countName] = seriesNames(def) as [string, string, string];
    const bounds = [...(def.buckets ?? []).map(String), "+Inf"];
    return [
      ...bounds.map((le) => ({ def, name: bucketName, labels: { ...labels, le }, model })),
      { def, name: sumName, labels, model },
      { def, name: countName, labels, model },
    ];
  }));
}

/** Requests/s of one model on one instance: different per model, so quantiles and ratios differ between models. */
const requestRate = (model: number): number => 1 + (model % 7);

/**
 * Median of a histogram's observations: its lowest bucket bound, scaled per model (0.5x to 1.25x). The fleet is in
 * good health, as a fleet is most of the time: p95 of this distribution is about 4.3 medians, under every latency
 * threshold (thresholds sit on higher bucket bounds), so no latency alert fires. A firing alert costs Prometheus
 * more than its expression (template expansion, ALERTS series) once per model, which would measure an outage.
 */
function median(def: MetricDef, model: number): number {
  return (def.buckets ?? [1])[0]! * (0.5 + (model % 4) / 4);
}

/** Share of observations at or below `le` (exponential distribution with the model's median). */
const below = (le: number, m: number): number => (le === Infinity ? 1 : 1 - Math.exp((-le * Math.LN2) / m));

/**
 * Gauges whose healthy value is not a small constant, by name: GPU memory half used, the audit log written just now
 * and younger than its retention, an event loop that keeps up. Every other gauge holds 1 (or 0 for states).
 */
const HEALTHY_GAUGES: readonly { name: RegExp; value(t: number, startUnix: number): number }[] = [
  { name: /^llm_gpu_memory_total_mb$/, value: () => 81_920 },
  { name: /^llm_gpu_memory_used_mb$/, value: () => 40_960 },
  { name: /_timestamp_seconds$/, value: (t, startUnix) => Math.floor(startUnix + t) },
  { name: /_retention_seconds$/, value: () => 30 * 86_400 },
  { name: /_age_seconds$/, value: () => 86_400 },
  { name: /_lag_.*seconds$/, value: () => 0.01 },
];

/** Counters that do not count one per request, by name: how many per request a healthy fleet counts. */
const COUNTER_SHARES: readonly { name: RegExp; perRequest: number }[] = [
  // Inside the 99.5 % availability SLO.
  { name: /fail|overflow/, perRequest: 0.001 },
  // Inside the 80 % cache hit-ratio SLO.
  { name: /miss/, perRequest: 0.1 },
  { name: /tokens/, perRequest: 50 },
];

/**
 * The value of a series `t` seconds after the fleet started (at Unix time `startUnix`): counters grow at a steady
 * per-model rate (so rates and ratios are non-zero), histograms fill their buckets by an exponential distribution,
 * and nothing an alert watches is out of line: request failures at 0.1 %, no errors or security events of the
 * exporter's own, healthy gauges. A healthy fleet is the steady state the rules must be cheap in; every firing
 * alert adds its own cost (the report lists any that fire).
 */
export function sampleValue(s: FleetSeries, t: number, startUnix = 0): number {
  const rate = requestRate(s.model);
  if (s.def.type === "histogram") {
    const m = median(s.def, s.model);
    const count = rate * t;
    if (s.name.endsWith("_sum")) return count * m;
    if (s.name.endsWith("_count")) return count;
    return Math.round(count * below(s.labels.le === "+Inf" ? Infinity : Number(s.labels.le), m));
  }
  if (s.def.type === "counter") {
    if (s.def.unit === "errors" || s.def.unit === "events") return 0;
    const perSecond = rate * (COUNTER_SHARES.find((c) => c.name.test(s.name))?.perRequest ?? 1);
    return Math.round(perSecond * t);
  }
  const healthy = HEALTHY_GAUGES.find((g) => g.name.test(s.name));
  if (healthy) return healthy.value(t, startUnix);
  return s.def.unit === "state" ? 0 : 1;
}

/** One instance's /metrics at `t` seconds after `startUnix` (Prometheus text format, without HELP/TYPE: Prometheus needs neither). */
export function exposition(series: readonly FleetSeries[], t: number, startUnix = 0): string {
  return `${series.map((s) => `${s.name}${labelText(s.labels)} ${sampleValue(s, t, startUnix)}`).join("\n")}\n`;
}

/** Label set as exposition text: `{a="1",b="2"}`, or nothing without labels. */
export function labelText(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}
