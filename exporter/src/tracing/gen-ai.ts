import { ATTR_ERROR_TYPE, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from "@opentelemetry/semantic-conventions";
import {
  ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_PROVIDER_NAME, ATTR_GEN_AI_REQUEST_MAX_TOKENS, ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TEMPERATURE, ATTR_GEN_AI_RESPONSE_FINISH_REASONS, ATTR_GEN_AI_RESPONSE_ID, ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM, ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from "@opentelemetry/semantic-conventions/incubating";

/**
 * OpenTelemetry GenAI semantic-convention attribute names (gen_ai.*, still "development" status, hence
 * the incubating entry point), plus the stable `server.*` and `error.type`. Callers name attributes through
 * these keys rather than retyping the strings.
 */
export const GEN_AI = {
  operationName: ATTR_GEN_AI_OPERATION_NAME,
  providerName: ATTR_GEN_AI_PROVIDER_NAME,
  /** Deprecated predecessor of providerName; still what many trace UIs and queries look for. */
  system: ATTR_GEN_AI_SYSTEM,
  requestModel: ATTR_GEN_AI_REQUEST_MODEL,
  requestMaxTokens: ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  requestTemperature: ATTR_GEN_AI_REQUEST_TEMPERATURE,
  responseId: ATTR_GEN_AI_RESPONSE_ID,
  responseModel: ATTR_GEN_AI_RESPONSE_MODEL,
  responseFinishReasons: ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  usageInputTokens: ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  usageOutputTokens: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  serverAddress: ATTR_SERVER_ADDRESS,
  serverPort: ATTR_SERVER_PORT,
  errorType: ATTR_ERROR_TYPE,
} as const;

/** `gen_ai.operation.name` of each OpenAI endpoint the proxy serves. */
export const OPERATION_BY_PATH: Readonly<Record<string, string>> = {
  "/v1/chat/completions": "chat",
  "/v1/completions": "text_completion",
  "/v1/embeddings": "embeddings",
};

/** What a request span knows when it starts. */
export interface GenAiRequest {
  /** `chat`, `text_completion` or `embeddings` (see OPERATION_BY_PATH). */
  operation: string;
  /** Who serves the model, e.g. `openai`, `vllm`, `ollama` (the upstream's backend). */
  provider: string;
  model: string;
  maxTokens?: number;
  temperature?: number;
  /** Upstream host and port. */
  serverAddress?: string;
  serverPort?: number;
}

/** The start attributes of a request span (completeAttributes adds the deprecated `gen_ai.system`). */
export function requestAttributes(r: GenAiRequest): Record<string, string | number> {
  const out: Record<string, string | number> = {
    [GEN_AI.operationName]: r.operation,
    [GEN_AI.providerName]: r.provider,
    [GEN_AI.requestModel]: r.model,
  };
  if (r.maxTokens !== undefined) out[GEN_AI.requestMaxTokens] = r.maxTokens;
  if (r.temperature !== undefined) out[GEN_AI.requestTemperature] = r.temperature;
  if (r.serverAddress !== undefined) out[GEN_AI.serverAddress] = r.serverAddress;
  if (r.serverPort !== undefined) out[GEN_AI.serverPort] = r.serverPort;
  return out;
}

const HTTP_ROUTE = "http.route";

/**
 * Span name per the GenAI conventions: `{operation} {model}`, e.g. `chat llama-3-8b`. The operation comes
 * from `gen_ai.operation.name`, else from the OpenAI path in `http.route`, else `chat`.
 */
export function spanName(attributes: Readonly<Record<string, unknown>>): string {
  const route = attributes[HTTP_ROUTE];
  const given = attributes[GEN_AI.operationName];
  const operation = typeof given === "string" ? given : (typeof route === "string" ? OPERATION_BY_PATH[route] : undefined) ?? "chat";
  const model = attributes[GEN_AI.requestModel];
  return typeof model === "string" && model !== "" ? `${operation} ${model}` : operation;
}

/**
 * Fills what the conventions require and the caller may leave out: the operation (from `http.route`),
 * the deprecated `gen_ai.system` beside `gen_ai.provider.name`, and finish reasons as string[] (the
 * proxy's attribute maps hold only scalars).
 */
export function completeAttributes<T extends Record<string, unknown>>(attributes: T, isStart: boolean): T {
  const out: Record<string, unknown> = { ...attributes };
  const route = attributes[HTTP_ROUTE];
  if (isStart && out[GEN_AI.operationName] === undefined && typeof route === "string" && OPERATION_BY_PATH[route] !== undefined) {
    out[GEN_AI.operationName] = OPERATION_BY_PATH[route];
  }
  if (typeof out[GEN_AI.providerName] === "string" && out[GEN_AI.system] === undefined) out[GEN_AI.system] = out[GEN_AI.providerName];
  const reasons = out[GEN_AI.responseFinishReasons];
  if (typeof reasons === "string") out[GEN_AI.responseFinishReasons] = [reasons];
  return out as T;
}
