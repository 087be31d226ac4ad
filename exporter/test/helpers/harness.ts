import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import type { Counter, Gauge, Histogram } from "prom-client";
import { startExporter, type ExporterHandle, type ExporterOptions } from "../../src/server";

/** A logger whose JSON lines tests can read. */
export function captureLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      raw.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      cb();
    },
  });
  return { logger: pino({ level: "info" }, sink), lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/**
 * An exporter on 127.0.0.1:0 in front of `url`, with backend scraping and background upstream probes off (tests
 * count the requests an upstream sees) and a captured log.
 */
export async function exporterFor(url: string, extra: Partial<ExporterOptions> = {}) {
  const log = captureLogger();
  const exporter: ExporterHandle = await startExporter({
    upstreams: [{ name: "sim", url, backend: "openai", models: [], default: true }],
    host: "127.0.0.1", port: 0, backendScrapeIntervalMs: 0, upstreamProbeIntervalMs: 0, logger: log.logger, ...extra,
  });
  return { exporter, log };
}

type Labels = Record<string, string>;
const matches = (have: Record<string, unknown>, want: Labels) => Object.entries(want).every(([k, v]) => String(have[k]) === v);

/** Current value of a counter or gauge series (0 when the series does not exist). */
export async function valueOf(metric: Counter<string> | Gauge<string>, labels: Labels = {}): Promise<number> {
  const data = await metric.get();
  return data.values.filter((v) => matches(v.labels, labels)).reduce((s, v) => s + v.value, 0);
}

/** Count, sum and per-bucket (non-cumulative) counts of a histogram series. */
export async function histogramOf(metric: Histogram<string>, labels: Labels): Promise<{ count: number; sum: number; buckets: Map<string, number> }> {
  const data = await metric.get();
  const rows = data.values.filter((v) => matches(v.labels, labels));
  const count = rows.find((r) => r.metricName?.endsWith("_count"))?.value ?? 0;
  const sum = rows.find((r) => r.metricName?.endsWith("_sum"))?.value ?? 0;
  const buckets = new Map<string, number>();
  let prev = 0;
  for (const r of rows.filter((x) => x.metricName?.endsWith("_bucket"))) {
    buckets.set(String(r.labels.le), r.value - prev);
    prev = r.value;
  }
  return { count, sum, buckets };
}
