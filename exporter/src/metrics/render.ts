import { performance } from "node:perf_hooks";
import type { Registry } from "prom-client";

/** An exemplar as prom-client stores it. */
interface StoredExemplar {
  labelSet: Record<string, string>;
  value: number;
  timestamp?: number;
}

/**
 * One series as prom-client 15 stores it in a metric's `hashMap` (counters and gauges: `value`; histograms:
 * non-cumulative `bucketValues` keyed by upper bound, `sum`, `count`, and `bucketExemplars` keyed by upper bound,
 * `-1` for +Inf). Reading this storage directly, rather than through `metric.get()`, is what keeps a scrape cheap:
 * `get()` builds a fresh labels object for every bucket of every series (10k objects for 10k series), and
 * collecting that garbage is what stalls the event loop. render.test.ts checks the result sample for sample
 * against prom-client's own text output, so a prom-client upgrade that changes this storage fails the tests.
 */
interface StoredSeries {
  labels: Record<string, string | number>;
  value?: number;
  exemplar?: StoredExemplar | null;
  bucketValues?: Record<string, number>;
  bucketExemplars?: Record<string, StoredExemplar | null> | null;
  sum?: number;
  count?: number;
}

/** The part of a prom-client metric object the renderer reads. */
interface StoredMetric {
  name: string;
  help: string;
  type: string;
  hashMap: Record<string, StoredSeries>;
  upperBounds?: number[];
  collect?: () => unknown;
}

const escapeHelp = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
const escapeValue = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const num = (v: number) => (Number.isNaN(v) ? "NaN" : v === Infinity ? "+Inf" : v === -Infinity ? "-Inf" : String(v));

/** `a="x",b="y"` (no braces) for a series' labels. */
function labelPairs(labels: Record<string, string | number>): string {
  let out = "";
  for (const k in labels) {
    const v = labels[k]!;
    out += `${out ? "," : ""}${k}="${typeof v === "number" ? num(v) : escapeValue(v)}"`;
  }
  return out;
}

const braces = (pairs: string) => (pairs ? `{${pairs}}` : "");

function exemplarSuffix(ex: StoredExemplar | null | undefined): string {
  if (!ex || Object.keys(ex.labelSet).length === 0) return "";
  return ` # {${labelPairs(ex.labelSet)}} ${num(ex.value)}${ex.timestamp === undefined ? "" : ` ${ex.timestamp}`}`;
}

/**
 * The `# HELP` and `# TYPE` lines of a family. In OpenMetrics, counter families drop `_total` from their
 * metadata. Written here rather than taken from prom-client's Registry because that one renames counters in
 * place when asked for OpenMetrics, which would corrupt the next Prometheus-format scrape of the same registry.
 */
export function formatHeader(name: string, help: string, type: string, openMetrics: boolean): string {
  const meta = openMetrics && type === "counter" ? name.replace(/_total$/, "") : name;
  return `# HELP ${meta} ${escapeHelp(help)}\n# TYPE ${meta} ${type}\n`;
}

/**
 * The sample lines of one series: one line for a counter or gauge; every cumulative bucket (le last, where
 * people and promtool expect it), +Inf, _sum and _count for a histogram. Exemplars only in OpenMetrics.
 */
export function formatSeries(metric: Pick<StoredMetric, "name" | "type" | "upperBounds">, s: StoredSeries, openMetrics: boolean): string {
  const pairs = labelPairs(s.labels);
  if (metric.type !== "histogram") {
    return `${metric.name}${braces(pairs)} ${num(s.value ?? 0)}${openMetrics ? exemplarSuffix(s.exemplar) : ""}\n`;
  }
  const bucket = `${metric.name}_bucket{${pairs}${pairs ? "," : ""}le="`;
  const exemplars = openMetrics ? s.bucketExemplars : undefined;
  let out = "";
  let cumulative = 0;
  for (const bound of metric.upperBounds ?? []) {
    cumulative += s.bucketValues?.[bound] ?? 0;
    out += `${bucket}${num(bound)}"} ${cumulative}${exemplars ? exemplarSuffix(exemplars[bound]) : ""}\n`;
  }
  out += `${bucket}+Inf"} ${s.count ?? 0}${exemplars ? exemplarSuffix(exemplars["-1"]) : ""}\n`;
  out += `${metric.name}_sum${braces(pairs)} ${num(s.sum ?? 0)}\n`;
  return `${out}${metric.name}_count${braces(pairs)} ${s.count ?? 0}\n`;
}

/** Longest stretch of rendering between two yields to the event loop, in milliseconds. */
const SLICE_MS = 1;
/** Series rendered between two looks at the clock. */
const SERIES_PER_CLOCK_CHECK = 16;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Collects rendered text in 64 KiB buffers. A render's text lives outside the JS heap this way: built as a string,
 * its ten thousand pieces would survive every young-generation collection during the render and be copied each
 * time, which is what stalls the loop at 10k series.
 */
class ByteSink {
  private readonly full: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  private total = 0;

  write(text: string): void {
    const len = Buffer.byteLength(text);
    if (len > this.chunk.length - this.used) {
      this.full.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(64 * 1024, len));
      this.used = 0;
    }
    this.used += this.chunk.write(text, this.used);
    this.total += len;
  }

  bytes(): Buffer {
    return Buffer.concat([...this.full, this.chunk.subarray(0, this.used)], this.total);
  }
}

function stored(metric: unknown): StoredMetric {
  const m = metric as Partial<StoredMetric>;
  if (typeof m.name !== "string" || typeof m.hashMap !== "object" || m.hashMap === null) {
    throw new Error(`metric ${String(m.name)}: not a prom-client 15 metric (no hashMap); the renderer reads prom-client's storage`);
  }
  return m as StoredMetric;
}

/**
 * Renders every family of the registry as Prometheus text 0.0.4 (UTF-8 bytes), or OpenMetrics 1.0 with exemplars, yielding
 * to the event loop whenever a slice has run for SLICE_MS, so a big scrape cannot hold up proxied requests.
 * Each series is rendered whole between yields, so its buckets, sum and count are consistent with each other.
 */
export async function renderRegistry(registry: Registry, openMetrics: boolean): Promise<Buffer> {
  const out = new ByteSink();
  let sliceStart = performance.now();
  let sinceCheck = 0;
  for (const metric of registry.getMetricsAsArray().map(stored)) {
    if (metric.collect) await metric.collect();
    out.write(formatHeader(metric.name, metric.help, metric.type, openMetrics));
    for (const series of Object.values(metric.hashMap)) {
      out.write(formatSeries(metric, series, openMetrics));
      if (++sinceCheck < SERIES_PER_CLOCK_CHECK) continue;
      sinceCheck = 0;
      if (performance.now() - sliceStart < SLICE_MS) continue;
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
  if (openMetrics) out.write("# EOF\n");
  return out.bytes();
}
