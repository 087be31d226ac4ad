import { performance } from "node:perf_hooks";
import type { Histogram, Registry } from "prom-client";
import { LLM_METRICS } from "../../../catalog";
import { createMetrics, type ExporterMetrics } from "./registry";
import { renderRegistry } from "./render";

/**
 * Serves /metrics: concurrent scrapes of one format share one render (Prometheus HA pairs scrape at the same
 * moment), and a finished render may be reused for `cacheMs`.
 */
export class MetricsRenderer {
  private readonly inFlight = new Map<boolean, Promise<Buffer>>();
  private readonly cached = new Map<boolean, { at: number; text: Buffer }>();

  constructor(private readonly registry: Registry, private readonly renderSeconds: Histogram<string>, private readonly cacheMs = 0) {}

  /** The registry as Prometheus text, or as OpenMetrics with exemplars. */
  render(openMetrics: boolean): Promise<Buffer> {
    const hit = this.cached.get(openMetrics);
    if (hit && performance.now() - hit.at < this.cacheMs) return Promise.resolve(hit.text);
    let p = this.inFlight.get(openMetrics);
    if (!p) {
      const start = performance.now();
      p = renderRegistry(this.registry, openMetrics).then((text) => {
        const end = performance.now();
        this.renderSeconds.observe((end - start) / 1000);
        this.cached.set(openMetrics, { at: end, text });
        return text;
      }).finally(() => this.inFlight.delete(openMetrics));
      this.inFlight.set(openMetrics, p);
    }
    return p;
  }

  /** Seed 002's /metrics/json: every family with its current samples. */
  async json(): Promise<string> {
    const families = await this.registry.getMetricsAsJSON();
    return JSON.stringify({
      timestamp: new Date().toISOString(),
      metrics: families.map((f) => ({ name: f.name, type: f.type, help: f.help, values: f.values.map((v) => ({ labels: v.labels, value: v.value })) })),
    });
  }
}

const LATENCY = [LLM_METRICS.durationMs, LLM_METRICS.firstTokenLatencyMs, LLM_METRICS.perTokenLatencyMs];
/** Samples one model adds below: four counters plus every bucket, `+Inf`, `_sum` and `_count` of three histograms. */
const SAMPLES_PER_MODEL = 4 + LATENCY.reduce((n, h) => n + h.buckets.length + 3, 0);

/**
 * A fresh registry holding about `series` samples spread over as many models as that takes, as traffic
 * over many models would leave it. Used by the benchmark and the scrape tests.
 */
export function populateSeries(series: number): ExporterMetrics {
  const m = createMetrics();
  const exemplarLabels = { trace_id: "0af7651916cd43dd8448eb211c80319c" };
  for (let i = 0; i < Math.ceil(series / SAMPLES_PER_MODEL); i++) {
    const labels = { model_id: `model-${i}` };
    m.requestsTotal.inc(labels);
    m.tokensGeneratedTotal.inc(labels, 10);
    m.promptTokensTotal.inc(labels, 5);
    m.requestsByStatusTotal.inc({ ...labels, endpoint: "/v1/chat/completions", status: "2xx", mode: "stream" });
    m.durationMs.observe({ labels, value: 100 + i, exemplarLabels });
    m.firstTokenLatencyMs.observe({ labels, value: 20 + (i % 300), exemplarLabels });
    m.perTokenLatencyMs.observe({ labels, value: 5 + (i % 40), exemplarLabels });
  }
  return m;
}
