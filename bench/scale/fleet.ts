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

/** Median of a histogram's observations: a middle bucket bound, shifted per model. */
function median(def: MetricDef, model: number): number {
  const b = def.buckets ?? [1];
  return b[Math.floor(b.length / 2)]! * (0.5 + (model % 4) / 4);
}

/** Share of observations at or below `le` (exponential distribution with the model's median). */
const below = (le: number, m: number): number => (le === Infinity ? 1 : 1 - Math.exp((-le * Math.LN2) / m));

/**
 * The value of a series `t` seconds after the fleet started: counters grow at a steady per-model rate (so
 * rates and ratios are non-zero), histograms fill their buckets by an exponential distribution, gauges hold
 * a value that keeps every alert on them quiet (a fleet in good health costs the same to evaluate).
 */
export function sampleValue(s: FleetSeries, t: number): number {
  const rate = requestRate(s.model);
  if (s.def.type === "histogram") {
    const m = median(s.def, s.model);
    const count = rate * t;
    if (s.name.endsWith("_sum")) return count * m;
    if (s.name.endsWith("_count")) return count;
    return Math.round(count * below(s.labels.le === "+Inf" ? Infinity : Number(s.labels.le), m));
  }
  if (s.def.type === "counter") {
    // Failures and other error counters at 1 % of the request rate, tokens at 50 per request.
    const perSecond = s.def.unit === "tokens" ? 50 * rate : /error|fail|overflow/.test(s.name) ? rate / 100 : rate;
    return Math.round(perSecond * t);
  }
  if (s.def.unit === "bool") return 1;
  if (s.def.unit === "state") return 0;
  return 1;
}

/** Label set as exposition text: `{a="1",b="2"}`, or nothing without labels. */
export function labelText(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

/** One instance's /metrics at `t` seconds (Prometheus text format, without HELP/TYPE: Prometheus needs neither). */
export function exposition(series: readonly FleetSeries[], t: number): string {
  return `${series.map((s) => `${s.name}${labelText(s.labels)} ${sampleValue(s, t)}`).join("\n")}\n`;
}
