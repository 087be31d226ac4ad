import { DURATION_BUCKETS_MS, FIRST_TOKEN_BUCKETS_MS } from "../catalog";
import type { StackConfig } from "./schema";
import { showValue } from "./errors";

const SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds in a Prometheus duration string (`15d` -> 1296000). */
export function durationSeconds(d: string): number {
  const m = /^([0-9]+)(ms|s|m|h|d|w|y)$/.exec(d);
  if (!m) throw new Error(`not a duration: ${d}`);
  return Number(m[1]) * SECONDS[m[2]!]!;
}

type Problem = [key: string, value: unknown, allowed: string];

/** Rules that span fields, which a per-field schema cannot express. Returns one line per problem. */
export function crossFieldProblems(c: StackConfig): string[] {
  const p: Problem[] = [];
  const expectedPlatform = c.environment === "local" ? "docker" : "kubernetes";
  if (c.platform !== expectedPlatform) p.push(["platform", c.platform, `"${expectedPlatform}" for the ${c.environment} environment`]);

  const prom = c.prometheus;
  if (prom.storage.enabled && prom.retentionSizeGb >= prom.storage.sizeGb) {
    p.push(["prometheus.retentionSizeGb", prom.retentionSizeGb, `less than prometheus.storage.sizeGb (${prom.storage.sizeGb}) so the TSDB cannot fill its volume`]);
  }
  if (durationSeconds(prom.scrapeTimeout) > durationSeconds(prom.scrapeInterval)) {
    p.push(["prometheus.scrapeTimeout", prom.scrapeTimeout, `at most prometheus.scrapeInterval (${prom.scrapeInterval})`]);
  }
  if ("cluster" in prom.externalLabels) p.push(["prometheus.externalLabels.cluster", prom.externalLabels.cluster, "not set here: it comes from the top-level `cluster` key"]);

  const t = c.alerts.thresholds;
  const pairs: [string, number, string, number][] = [
    ["ttftP95WarningMs", t.ttftP95WarningMs, "ttftP95CriticalMs", t.ttftP95CriticalMs],
    ["errorRateWarning", t.errorRateWarning, "errorRateCritical", t.errorRateCritical],
    ["gpuMemoryWarningPct", t.gpuMemoryWarningPct, "gpuMemoryCriticalPct", t.gpuMemoryCriticalPct],
    ["gpuTemperatureWarningCelsius", t.gpuTemperatureWarningCelsius, "gpuTemperatureCriticalCelsius", t.gpuTemperatureCriticalCelsius],
  ];
  for (const [wk, wv, ck, cv] of pairs) if (wv >= cv) p.push([`alerts.thresholds.${wk}`, wv, `below alerts.thresholds.${ck} (${cv})`]);

  // histogram_quantile interpolates inside a bucket: a threshold between bounds would fire at the wrong latency.
  const onBucket = (path: string, v: number | undefined, buckets: readonly number[], metric: string) => {
    if (v !== undefined && !buckets.includes(v)) p.push([path, v, `a bucket bound of ${metric}: ${buckets.join(", ")}`]);
  };
  const models: [string, Partial<typeof t>][] = [["alerts.thresholds", t], ...Object.entries(c.alerts.modelOverrides).map(([m, o]) => [`alerts.modelOverrides.${m}`, o] as [string, Partial<typeof t>])];
  for (const [path, o] of models) {
    onBucket(`${path}.ttftP95WarningMs`, o.ttftP95WarningMs, FIRST_TOKEN_BUCKETS_MS, "llm_first_token_latency_ms");
    onBucket(`${path}.ttftP95CriticalMs`, o.ttftP95CriticalMs, FIRST_TOKEN_BUCKETS_MS, "llm_first_token_latency_ms");
    onBucket(`${path}.durationP95WarningMs`, o.durationP95WarningMs, DURATION_BUCKETS_MS, "llm_inference_duration_ms");
  }

  const ups = c.exporter.upstreams;
  const names = ups.map((u) => u.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) p.push(["exporter.upstreams[].name", dup, "unique names"]);
  const defaults = ups.filter((u) => u.default || u.models.length === 0);
  if (defaults.length > 1) p.push(["exporter.upstreams[].default", defaults.map((u) => u.name), "at most one default upstream (default: true, or no models)"]);
  const seen = new Map<string, string>();
  for (const u of ups) for (const m of u.models) {
    if (seen.has(m)) p.push([`exporter.upstreams.${u.name}.models`, m, `a model routed to one upstream only (also on ${seen.get(m)})`]);
    seen.set(m, u.name);
  }
  if (c.exporter.image.push && !c.exporter.image.registry) p.push(["exporter.image.push", true, "false unless exporter.image.registry is set"]);

  return p.map(([key, value, allowed]) => `llmobs:${key} = ${showValue(value)}: expected ${allowed}`);
}
