import { Counter, Gauge, Histogram, Registry, type RegistryContentType } from "prom-client";
import { EXPORTER_EXTRA_METRICS, LLM_METRICS, type MetricDef } from "../../../catalog";

type Catalog = typeof LLM_METRICS & typeof EXPORTER_EXTRA_METRICS;
type Instrument<D extends MetricDef> = D["type"] extends "counter" ? Counter<string> : D["type"] extends "gauge" ? Gauge<string> : Histogram<string>;

/** One prom-client instrument per catalog entry, keyed like the catalog (`metrics.firstTokenLatencyMs`). */
export type ExporterMetrics = { [K in keyof Catalog]: Instrument<Catalog[K]> } & { registry: Registry };

/**
 * Request-latency histograms carry a `trace_id` exemplar so a slow bucket in Grafana links to its trace.
 * Such histograms must be observed with the object form `observe({ labels, value, exemplarLabels })`.
 */
export const EXEMPLAR_HISTOGRAMS: ReadonlySet<string> = new Set([
  LLM_METRICS.durationMs.name, LLM_METRICS.firstTokenLatencyMs.name, LLM_METRICS.perTokenLatencyMs.name,
]);

function instrument(def: MetricDef, registry: Registry): Counter<string> | Gauge<string> | Histogram<string> {
  const common = { name: def.name, help: def.help, labelNames: [...def.labels], registers: [registry] };
  switch (def.type) {
    case "counter":
      return new Counter(common);
    case "gauge":
      return new Gauge(common);
    case "histogram":
      return new Histogram({ ...common, buckets: [...(def.buckets ?? [])], enableExemplars: EXEMPLAR_HISTOGRAMS.has(def.name) });
  }
}

/** Every combination of a metric's enumerated label values, or none when a label is not enumerated. */
function enumeratedLabelSets(def: MetricDef): Record<string, string>[] {
  const values = def.labelValues;
  if (!values || !def.labels.every((l) => values[l])) return [];
  return def.labels.reduce<Record<string, string>[]>(
    (sets, label) => sets.flatMap((set) => values[label]!.map((v) => ({ ...set, [label]: v }))),
    [{}],
  );
}

function openMetricsRegistry(): Registry {
  const registry = new Registry();
  // prom-client's typings pin a registry to the Prometheus content type; exemplars need the OpenMetrics one.
  (registry as unknown as Registry<RegistryContentType>).setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

/**
 * Creates every exporter metric of the catalog in a fresh registry; names, help, labels and buckets come from catalog/.
 * prom-client only allows exemplars in an OpenMetrics-typed registry; render it with render.ts (either format),
 * not with `registry.metrics()`.
 */
export function createMetrics(registry = openMetricsRegistry()): ExporterMetrics {
  const out: Record<string, unknown> = { registry };
  for (const [key, def] of Object.entries({ ...LLM_METRICS, ...EXPORTER_EXTRA_METRICS })) {
    const metric = instrument(def, registry);
    if (metric instanceof Counter) for (const labels of enumeratedLabelSets(def)) metric.inc(labels, 0);
    out[key] = metric;
  }
  return out as ExporterMetrics;
}
