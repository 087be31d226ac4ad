import { AILINUX_METRICS, ENSEMBLE_METRICS, LLM_METRICS, type MetricDef } from "../catalog";
import { AILINUX_COMPLETION_TOKEN_TYPE, CLIENT_ERROR_REGEX, FAILED_STATUS_REGEX } from "./constants";
import { bucket, selector } from "./promql";

/**
 * An instrumented LLM workload whose request, failure, latency and token counters are recorded into the one
 * `llm:*` vocabulary, so dashboards and alerts work whichever of them serves the model. Each source's recorded
 * series carry `source=<name>`, which keeps them apart when two sources report the same model.
 */
export interface RequestSource {
  /** Value of the `source` label on the recorded series. */
  readonly name: string;
  /** Counter of all requests. */
  readonly requests: string;
  /** Counter (selector) of failed requests. */
  readonly failures: string;
  /** Label holding the model name; renamed to `model_id` when it is not already called that. */
  readonly modelLabel: string;
  /** Bounded labels kept next to `model_id` (seed 002's `mode`, seed 001's `provider`). */
  readonly extraLabels: readonly string[];
  /** End-to-end latency histogram and the factor that turns its unit into seconds. */
  readonly duration: { readonly def: MetricDef; readonly toSeconds: number };
  /** Counter (selector) of generated tokens, when the source reports them. */
  readonly generatedTokens?: string;
}

const ms = 0.001;

/** The exporter's failures that are the service's fault (client-caused classes left out). */
export const SERVER_FAILURES = selector(LLM_METRICS.failuresTotal.name, [`error!~"${CLIENT_ERROR_REGEX}"`]);

export const REQUEST_SOURCES: readonly RequestSource[] = [
  {
    name: "exporter",
    requests: LLM_METRICS.requestsTotal.name,
    failures: SERVER_FAILURES,
    modelLabel: "model_id",
    extraLabels: [],
    duration: { def: LLM_METRICS.durationMs, toSeconds: ms },
    generatedTokens: LLM_METRICS.tokensGeneratedTotal.name,
  },
  {
    name: "ensemble",
    requests: ENSEMBLE_METRICS.requestsTotal.name,
    failures: selector(ENSEMBLE_METRICS.requestsTotal.name, [`status=~"${FAILED_STATUS_REGEX}"`]),
    modelLabel: "model",
    extraLabels: ["mode"],
    duration: { def: ENSEMBLE_METRICS.inferenceDurationSeconds, toSeconds: 1 },
  },
  {
    name: "ailinux",
    requests: AILINUX_METRICS.llmCallsTotal.name,
    failures: selector(AILINUX_METRICS.llmCallsTotal.name, [`status=~"${FAILED_STATUS_REGEX}"`]),
    modelLabel: "model",
    extraLabels: ["provider"],
    duration: { def: AILINUX_METRICS.llmLatencySeconds, toSeconds: 1 },
    generatedTokens: selector(AILINUX_METRICS.llmTokensTotal.name, [`type="${AILINUX_COMPLETION_TOKEN_TYPE}"`]),
  },
];

/**
 * `sum by (model_id, <extra>, <more>) (inner)`, renaming the source's model label to `model_id` first.
 * `inner` is an instant-vector expression over one of the source's series.
 */
export function sumByModel(src: RequestSource, inner: string, more: readonly string[] = []): string {
  const labels = ["model_id", ...src.extraLabels, ...more].join(", ");
  const renamed = src.modelLabel === "model_id" ? inner : `label_replace(${inner}, "model_id", "$1", "${src.modelLabel}", "(.*)")`;
  return `sum by (${labels}) (${renamed})`;
}

/** The source's latency bucket rates per model over 5 m, for {@link bucketRate5m}. */
export function sourceBucketRate(src: RequestSource): string {
  return sumByModel(src, `rate(${bucket(src.duration.def)}[5m])`, ["le"]);
}
