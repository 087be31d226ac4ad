import type { Registry } from "prom-client";

/** One sample as prom-client's `metric.get()` returns it (histograms add `metricName`, and `exemplar` when enabled). */
export interface Sample {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
  exemplar?: { labelSet: Record<string, string>; value: number; timestamp?: number } | null;
}

/** One metric family as prom-client's `metric.get()` returns it. */
export interface Family {
  name: string;
  help: string;
  type: string;
  values: Sample[];
}

const escapeHelp = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
const escapeValue = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const num = (v: number) => (Number.isNaN(v) ? "NaN" : v === Infinity ? "+Inf" : v === -Infinity ? "-Inf" : String(v));

function labelSet(labels: Record<string, string | number>): string {
  let out = "";
  let le: string | number | undefined;
  for (const k in labels) {
    const v = labels[k]!;
    // `le` goes last, where people and promtool expect it.
    if (k === "le") le = v;
    else out += `${out ? "," : ""}${k}="${typeof v === "number" ? num(v) : escapeValue(v)}"`;
  }
  if (le !== undefined) out += `${out ? "," : ""}le="${typeof le === "number" ? num(le) : le}"`;
  return out ? `{${out}}` : "";
}

/**
 * One family in the Prometheus text format 0.0.4, or in OpenMetrics 1.0 (counter families drop `_total`
 * from their metadata, and histogram buckets carry their exemplar). Written here rather than taken from
 * prom-client's Registry because that one renames counters in place when asked for OpenMetrics, which
 * would corrupt the next Prometheus-format scrape of the same registry.
 */
export function formatFamily(f: Family, openMetrics: boolean): string {
  return formatHeader(f, openMetrics) + formatSamples(f, openMetrics, 0, f.values.length);
}

function formatHeader(f: Family, openMetrics: boolean): string {
  const meta = openMetrics && f.type === "counter" ? f.name.replace(/_total$/, "") : f.name;
  return `# HELP ${meta} ${escapeHelp(f.help)}\n# TYPE ${meta} ${f.type}\n`;
}

function formatSamples(f: Family, openMetrics: boolean, from: number, to: number): string {
  let out = "";
  for (let i = from; i < to; i++) {
    const s = f.values[i]!;
    out += `${s.metricName ?? f.name}${labelSet(s.labels)} ${num(s.value)}`;
    const ex = s.exemplar;
    if (openMetrics && ex && Object.keys(ex.labelSet).length > 0) {
      out += ` # ${labelSet(ex.labelSet)} ${num(ex.value)}${ex.timestamp === undefined ? "" : ` ${ex.timestamp}`}`;
    }
    out += "\n";
  }
  return out;
}

/** Samples formatted between two yields to the event loop, so a big scrape cannot hold up proxied requests. */
const SAMPLES_PER_SLICE = 250;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Renders every family of the registry, yielding to the event loop every few hundred samples. */
export async function renderRegistry(registry: Registry, openMetrics: boolean): Promise<string> {
  let out = "";
  let sinceYield = 0;
  for (const metric of registry.getMetricsAsArray()) {
    // Typed as bare MetricObject, but every registered prom-client metric has get().
    const family = await (metric as unknown as { get(): Promise<Family> }).get();
    out += formatHeader(family, openMetrics);
    for (let i = 0; i < family.values.length; i += SAMPLES_PER_SLICE) {
      const to = Math.min(family.values.length, i + SAMPLES_PER_SLICE);
      out += formatSamples(family, openMetrics, i, to);
      sinceYield += to - i;
      if (sinceYield >= SAMPLES_PER_SLICE) {
        sinceYield = 0;
        await yieldToLoop();
      }
    }
  }
  return openMetrics ? `${out}# EOF\n` : out;
}
