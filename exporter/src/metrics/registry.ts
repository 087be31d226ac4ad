import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { EXPORTER_EXTRA_METRICS, LLM_METRICS, type MetricDef } from "../../../catalog";

type Catalog = typeof LLM_METRICS & typeof EXPORTER_EXTRA_METRICS;
type Instrument<D extends MetricDef> = D["type"] extends "counter" ? Counter<string> : D["type"] extends "gauge" ? Gauge<string> : Histogram<string>;

/** One prom-client instrument per catalog entry, keyed like the catalog (`metrics.firstTokenLatencyMs`). */
export type ExporterMetrics = { [K in keyof Catalog]: Instrument<Catalog[K]> } & { registry: Registry };

function instrument(def: MetricDef, registry: Registry): Counter<string> | Gauge<string> | Histogram<string> {
  const common = { name: def.name, help: def.help, labelNames: [...def.labels], registers: [registry] };
  switch (def.type) {
    case "counter":
      return new Counter(common);
    case "gauge":
      return new Gauge(common);
    case "histogram":
      return new Histogram({ ...common, buckets: [...(def.buckets ?? [])] });
  }
}

/** Creates every exporter metric of the catalog in a fresh registry; names, help, labels and buckets come from catalog/. */
export function createMetrics(registry = new Registry()): ExporterMetrics {
  const out: Record<string, unknown> = { registry };
  for (const [key, def] of Object.entries({ ...LLM_METRICS, ...EXPORTER_EXTRA_METRICS })) out[key] = instrument(def, registry);
  return out as ExporterMetrics;
}
