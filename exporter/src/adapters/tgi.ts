import { parsePrometheusText } from "./prom-text";
import { compact, sumFirst, type BackendSnapshot } from "./snapshot";

/** Text Generation Inference native names (huggingface.co/docs/text-generation-inference, "Metrics"). */
export const TGI_METRICS = {
  queueSize: ["tgi_queue_size"],
  batchSize: ["tgi_batch_current_size"],
} as const;

/**
 * TGI `/metrics` -> snapshot. TGI's router batches continuously: the current batch is what runs.
 * One TGI instance serves one model.
 */
export function parseTgiMetrics(text: string): BackendSnapshot {
  const samples = parsePrometheusText(text).filter((s) => s.name.startsWith("tgi_"));
  const batch = sumFirst(samples, TGI_METRICS.batchSize);
  return compact({
    queueLength: sumFirst(samples, TGI_METRICS.queueSize),
    runningRequests: batch,
    batchSize: batch,
    modelsLoaded: samples.length > 0 ? 1 : undefined,
  });
}
