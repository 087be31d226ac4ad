import { LLM_METRICS } from "../../catalog";
import { bucket } from "../promql";
import { REQUEST_SOURCES, durationQuantile, sumByModel, type RequestSource } from "../sources";
import type { RecordingRule, RuleGroup } from "../types";

const QUANTILES = [0.5, 0.95, 0.99] as const;
const pct = (q: number): string => `p${Math.round(q * 100)}`;

function sourceRules(src: RequestSource): RecordingRule[] {
  const labels = { source: src.name };
  const rate = (series: string, window: string) => sumByModel(src, `rate(${series}[${window}])`);
  const rules: RecordingRule[] = [
    // Seed 000's name and window, per model; the dashboards' requests/s panel reads it.
    { record: "llm:inference_rate:1m", expr: rate(src.requests, "1m"), labels },
    { record: "llm:requests:rate5m", expr: rate(src.requests, "5m"), labels },
    // A model that never failed has no failure series; `or ... * 0` gives it an explicit 0 so its error
    // ratio is 0 rather than missing (a missing ratio looks like "no data" on the SLA panels).
    { record: "llm:failures:rate5m", expr: `${rate(src.failures, "5m")}\nor\n${rate(src.requests, "5m")} * 0`, labels },
    ...QUANTILES.map((q) => ({ record: `llm:inference_duration_seconds:${pct(q)}_5m`, expr: durationQuantile(src, q, "5m"), labels })),
  ];
  if (src.generatedTokens) rules.push({ record: "llm:tokens_generated:rate5m", expr: rate(src.generatedTokens, "5m"), labels });
  return rules;
}

const ttft = LLM_METRICS.firstTokenLatencyMs;
const hits = LLM_METRICS.cacheHitsTotal.name;
const misses = LLM_METRICS.cacheMissesTotal.name;

/**
 * The `llm:*` vocabulary: seed 000's `llm:inference_rate:1m` and `llm:success_rate:5m`, plus request and
 * failure rates, error ratio, latency quantiles and tokens/s per model for every request source, TTFT
 * quantiles (only the exporter measures TTFT) and cache hit ratio. Alerts and dashboards read these.
 */
export function llmRecordingGroup(): RuleGroup {
  return {
    name: "llm-recording",
    file: "llm-recording.yml",
    rules: [
      ...REQUEST_SOURCES.flatMap(sourceRules),
      { record: "llm:error_ratio:rate5m", expr: "llm:failures:rate5m / llm:requests:rate5m" },
      { record: "llm:success_rate:5m", expr: "(1 - llm:error_ratio:rate5m) * 100" },
      ...QUANTILES.map((q) => ({
        record: `llm:ttft_seconds:${pct(q)}_5m`,
        expr: `histogram_quantile(${q}, sum by (model_id, le) (rate(${bucket(ttft)}[5m]))) * 0.001`,
        labels: { source: "exporter" },
      })),
      {
        record: "llm:cache_hit_ratio:rate5m",
        expr: `sum by (cache_type) (rate(${hits}[5m]))\n/\n(sum by (cache_type) (rate(${hits}[5m])) + sum by (cache_type) (rate(${misses}[5m])))`,
      },
    ],
  };
}
