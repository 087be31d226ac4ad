import { singleModelParser } from "./single-model";

/** llama.cpp server (`llama-server --metrics`) native names (tools/server/README.md, "GET /metrics"). */
export const LLAMACPP_METRICS = {
  prefix: "llamacpp:",
  queue: ["llamacpp:requests_deferred"],
  running: ["llamacpp:requests_processing"],
} as const;

/** llama.cpp `/metrics` -> snapshot: deferred requests are its queue, the slots processing its batch. */
export const parseLlamaCppMetrics = singleModelParser(LLAMACPP_METRICS);
