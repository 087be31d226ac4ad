import { parsePrometheusText } from "./prom-text";
import { compact, sumFirst, type BackendSnapshot } from "./snapshot";

/** llama.cpp server (`llama-server --metrics`) native names (tools/server/README.md, "GET /metrics"). */
export const LLAMACPP_METRICS = {
  processing: ["llamacpp:requests_processing"],
  deferred: ["llamacpp:requests_deferred"],
} as const;

/**
 * llama.cpp `/metrics` -> snapshot. Deferred requests are its queue; the batch is the slots decoded
 * together, i.e. the requests processing. A llama-server serves one model, so a server that answers
 * counts as one loaded model. It exposes no preemption or prefix-cache counters.
 */
export function parseLlamaCppMetrics(text: string): BackendSnapshot {
  const samples = parsePrometheusText(text).filter((s) => s.name.startsWith("llamacpp:"));
  const processing = sumFirst(samples, LLAMACPP_METRICS.processing);
  return compact({
    queueLength: sumFirst(samples, LLAMACPP_METRICS.deferred),
    runningRequests: processing,
    batchSize: processing,
    modelsLoaded: samples.length > 0 ? 1 : undefined,
  });
}
