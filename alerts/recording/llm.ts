import { LLM_METRICS } from "../../catalog";
import { bucket, num } from "../promql";
import { QUANTILES, RECORDED, bucketRate5m, durationQuantile, ttftQuantile, type Quantile } from "../recorded";
import { REQUEST_SOURCES, sourceBucketRate, sumByModel, type RequestSource } from "../sources";
import { BASELINE_INTERVAL } from "../anomaly";
import type { RecordingRule, RuleContext, RuleGroup } from "../types";

/**
 * The recorded bucket rates of one histogram and its p50/p95/p99 read from them. Rules of a group run in order,
 * so the quantiles see the bucket rates of the same evaluation.
 */
function quantileRules(buckets: RecordingRule, name: (q: Quantile) => string, toSeconds: number): RecordingRule[] {
  const inSeconds = (q: Quantile) => `histogram_quantile(${q}, ${buckets.record})${toSeconds === 1 ? "" : ` * ${num(toSeconds)}`}`;
  return [buckets, ...QUANTILES.map((q) => ({ record: name(q), expr: inSeconds(q), labels: buckets.labels }))];
}

function sourceRules(src: RequestSource): RecordingRule[] {
  const labels = { source: src.name };
  const rate = (series: string, window: string) => sumByModel(src, `rate(${series}[${window}])`);
  const rules: RecordingRule[] = [
    // Seed 000's name and window, per model; the dashboards' requests/s panel reads it.
    { record: RECORDED.inferenceRate1m, expr: rate(src.requests, "1m"), labels },
    { record: RECORDED.requestsRate5m, expr: rate(src.requests, "5m"), labels },
    // A model that never failed has no failure series; `or ... * 0` gives it an explicit 0 so its error
    // ratio is 0 rather than missing (a missing ratio looks like "no data" on the SLA panels). The zero comes
    // from the request rate recorded just above instead of a second rate() of every request counter.
    { record: RECORDED.failuresRate5m, expr: `${rate(src.failures, "5m")}\nor ignoring (source)\n${RECORDED.requestsRate5m}{source="${src.name}"} * 0`, labels },
  ];
  if (src.generatedTokens) rules.push({ record: RECORDED.tokensGenerated5m, expr: rate(src.generatedTokens, "5m"), labels });
  return rules;
}

const ttft = LLM_METRICS.firstTokenLatencyMs;
const hits = LLM_METRICS.cacheHitsTotal.name;
const misses = LLM_METRICS.cacheMissesTotal.name;

/**
 * The `llm:*` vocabulary: seed 000's `llm:inference_rate:1m` and `llm:success_rate:5m`, plus request and
 * failure rates, error ratio and tokens/s per model for every request source, and cache hit ratio. Alerts and
 * dashboards read these.
 */
export function llmRecordingGroup(): RuleGroup {
  return {
    name: "llm-recording",
    file: "llm-recording.yml",
    rules: [
      ...REQUEST_SOURCES.flatMap(sourceRules),
      { record: RECORDED.errorRatio5m, expr: `${RECORDED.failuresRate5m} / ${RECORDED.requestsRate5m}` },
      { record: RECORDED.successRate5m, expr: `(1 - ${RECORDED.errorRatio5m}) * 100` },
      {
        record: RECORDED.cacheHitRatio5m,
        expr: `sum by (cache_type) (rate(${hits}[5m]))\n/\n(sum by (cache_type) (rate(${hits}[5m])) + sum by (cache_type) (rate(${misses}[5m])))`,
      },
    ],
  };
}

/**
 * Latency bucket rates per model for every request source, and TTFT's (only the exporter measures TTFT), with the
 * P50/P95/P99 read from them. They read every bucket of every instance, the most series of any rule, so they run
 * every `interval` (prometheus.windowedRulesInterval): a quantile over 5 m barely moves in a minute.
 */
export function llmLatencyRecordingGroup(interval: string | undefined): RuleGroup {
  const ttftBuckets = {
    record: bucketRate5m(ttft.name), expr: `sum by (model_id, le) (rate(${bucket(ttft)}[5m]))`, labels: { source: "exporter" },
  };
  return {
    name: "llm-latency-recording", file: "llm-recording.yml", ...(interval ? { interval } : {}),
    rules: [
      ...REQUEST_SOURCES.flatMap((src) => quantileRules(
        { record: bucketRate5m(src.duration.def.name), expr: sourceBucketRate(src), labels: { source: src.name } }, durationQuantile, src.duration.toSeconds,
      )),
      ...quantileRules(ttftBuckets, ttftQuantile, 0.001),
    ],
  };
}

/**
 * Day-long lookbacks, recorded every BASELINE_INTERVAL rather than every evaluation: whether each model had
 * traffic before the last `noRequestsFor` reads a day of samples of every model.
 */
export function llmBaselineGroup(ctx: RuleContext): RuleGroup {
  const t = ctx.thresholds;
  return {
    name: "llm-baseline", file: "llm-recording.yml", interval: BASELINE_INTERVAL,
    rules: [{ record: RECORDED.inferenceRateMaxBefore, expr: `max_over_time(${RECORDED.inferenceRate1m}[${t.noRequestsLookback}] offset ${t.noRequestsFor})` }],
  };
}
