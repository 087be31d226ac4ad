/** Counters and gauges the simulator keeps about its own load; also what `stats()` returns. */
export interface SimulatorStats {
  /** Generation and embedding requests received (any outcome). */
  requestsTotal: number;
  /** Requests currently being answered. */
  inFlight: number;
  /** In-flight requests inside the simulated batch (at most maxBatch). */
  running: number;
  /** In-flight requests beyond maxBatch. */
  waiting: number;
  /** Arrivals that found the batch full (the simulator's stand-in for vLLM preemptions). */
  preemptionsTotal: number;
  promptTokensTotal: number;
  completionTokensTotal: number;
  /** Prompt tokens looked up in the simulated prefix cache, and those found (a repeated first message). */
  prefixCacheQueriesTotal: number;
  prefixCacheHitsTotal: number;
  /** Requests answered with an HTTP error (4xx/5xx), including injected ones. */
  errorsTotal: number;
  /** Injected faults by mode. */
  faults: Record<string, number>;
}

interface Family {
  name: string;
  type: "gauge" | "counter";
  help: string;
  value: (s: SimulatorStats, maxBatch: number) => number;
}

/**
 * vLLM's native metric names (V1 engine, vLLM >= 0.10: `kv_cache_usage_perc`, `prefix_cache_*`); the
 * adapter also understands the older `gpu_*` names, which the fixture in exporter/fixtures covers.
 */
const FAMILIES: readonly Family[] = [
  { name: "vllm:num_requests_running", type: "gauge", help: "Number of requests in model execution batches.", value: (s) => s.running },
  { name: "vllm:num_requests_waiting", type: "gauge", help: "Number of requests waiting to be processed.", value: (s) => s.waiting },
  { name: "vllm:kv_cache_usage_perc", type: "gauge", help: "KV-cache usage. 1 means 100 percent usage.", value: (s, max) => s.running / max },
  { name: "vllm:num_preemptions_total", type: "counter", help: "Cumulative number of preemption from the engine.", value: (s) => s.preemptionsTotal },
  { name: "vllm:prefix_cache_queries_total", type: "counter", help: "Prefix cache queries, in terms of number of queried tokens.", value: (s) => s.prefixCacheQueriesTotal },
  { name: "vllm:prefix_cache_hits_total", type: "counter", help: "Prefix cache hits, in terms of number of cached tokens.", value: (s) => s.prefixCacheHitsTotal },
  { name: "vllm:prompt_tokens_total", type: "counter", help: "Number of prefill tokens processed.", value: (s) => s.promptTokensTotal },
  { name: "vllm:generation_tokens_total", type: "counter", help: "Number of generation tokens processed.", value: (s) => s.completionTokensTotal },
];

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/** The simulator's `/metrics` in Prometheus text format 0.0.4, labelled like vLLM (`model_name`, `engine`). */
export function renderVllmMetrics(stats: SimulatorStats, model: string, maxBatch: number): string {
  const labels = `{engine="0",model_name="${escapeLabel(model)}"}`;
  return FAMILIES.map((f) => `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n${f.name}${labels} ${f.value(stats, maxBatch)}\n`).join("");
}
