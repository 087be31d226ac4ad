import { parsePrometheusText } from "./prom-text";
import { compact, sumFirst, type BackendSnapshot } from "./snapshot";

/** Native metric names of a server that serves one model and reports a queue and what it runs now. */
export interface SingleModelNames {
  /** Prefix every native metric of the server starts with (`llamacpp:`, `tgi_`). */
  prefix: string;
  /** Requests waiting; the first name present wins (older/newer releases). */
  queue: readonly string[];
  /** Requests being decoded together: both the running requests and the batch. */
  running: readonly string[];
}

/**
 * A `/metrics` parser for llama.cpp- and TGI-style servers: one model per server (so a server that answers counts
 * as one loaded model), continuous batching (so the batch is what runs), no preemption or prefix-cache counters.
 */
export function singleModelParser(names: SingleModelNames): (text: string) => BackendSnapshot {
  return (text) => {
    const samples = parsePrometheusText(text).filter((s) => s.name.startsWith(names.prefix));
    const running = sumFirst(samples, names.running);
    return compact({
      queueLength: sumFirst(samples, names.queue),
      runningRequests: running,
      batchSize: running,
      modelsLoaded: samples.length > 0 ? 1 : undefined,
    });
  };
}
