import type { UpstreamConfig } from "../config";
import { parseLlamaCppMetrics } from "./llamacpp";
import { parseOllamaPs } from "./ollama";
import type { BackendSnapshot } from "./snapshot";
import { parseTgiMetrics } from "./tgi";
import { parseVllmMetrics } from "./vllm";

/** Backend kinds of the stack config (`upstreams[].backend`). */
export type BackendKind = UpstreamConfig["backend"];

/** Where a backend publishes its native state and how to read it. */
export interface BackendAdapter {
  /** Path below the upstream's base URL. */
  path: string;
  parse(body: string): BackendSnapshot;
}

/** One adapter per backend that has something to scrape; `openai` (a hosted API) has nothing. */
export const BACKEND_ADAPTERS: Readonly<Record<Exclude<BackendKind, "openai">, BackendAdapter>> = {
  vllm: { path: "/metrics", parse: parseVllmMetrics },
  llamacpp: { path: "/metrics", parse: parseLlamaCppMetrics },
  tgi: { path: "/metrics", parse: parseTgiMetrics },
  ollama: { path: "/api/ps", parse: (body) => parseOllamaPs(JSON.parse(body)) },
};

/** The adapter of a backend kind, or undefined when it has nothing to scrape. */
export function adapterFor(backend: BackendKind): BackendAdapter | undefined {
  return backend === "openai" ? undefined : BACKEND_ADAPTERS[backend];
}
