import { LLM_METRICS } from "../../catalog";
import { bucket } from "../promql";
import { QUANTILES, RECORDED, durationQuantile, ttftQuantile } from "../recorded";
import { REQUEST_SOURCES, sourceQuantile, sumByModel, type RequestSource } from "../sources";
import type { RecordingRule, RuleGroup } from "../types";

function sourceRules(src: RequestSource): RecordingRule[] {
  const labels = { source: src.name };
  const rate = (series: string, window: string) => sumByModel(src, `rate(${series}[${window}])`);
  const rules: RecordingRule[] = [
    // Seed 000's name and window, per model; the dashboards' requests/s panel reads it.
    { record: RECORDED.inferenceRate1m, expr: rate(src.requests, "1m"), labels },
    { record: RECORDED.requestsRate5m, expr: rate(src.requests, "5m"), labels },
    // A model that never failed has no failure series; `or ... * 0` gives it an explicit 0 so its error
    // ratio is 0 rather than missing (a missing ratio looks like "no data" on the SLA panels).
    { record: RECORDED.failuresRate5m, expr: `${rate(src.failures, "5m")}\nor\n${rate(src.requests, "5m")} * 0`, labels },
    ...QUANTILES.map((q) => ({ record: durationQuantile(q), expr: sourceQuantile(src, q, "5m"), labels })),
  ];
  if (src.generatedTokens) rules.push({ record: RECORDED.tokensGenerated5m, expr: rate(src.generatedTokens, "5m"), labels });
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
      { record: RECORDED.errorRatio5m, expr: `${RECORDED.failuresRate5m} / ${RECORDED.requestsRate5m}` },
      { record: RECORDED.successRate5m, expr: `(1 - ${RECORDED.errorRatio5m}) * 100` },
      ...QUANTILES.map((q) => ({
        record: ttftQuantile(q),
        expr: `histogram_quantile(${q}, sum by (model_id, le) (rate(${bucket(ttft)}[5m]))) * 0.001`,
        labels: { source: "exporter" },
      })),
      {
        record: RECORDED.cacheHitRatio5m,
        expr: `sum by (cache_type) (rate(${hits}[5m]))\n/\n(sum by (cache_type) (rate(${hits}[5m])) + sum by (cache_type) (rate(${misses}[5m])))`,
      },
    ],
  };
}
