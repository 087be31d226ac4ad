/**
 * Error classes, the values of the `error` label of `llm_inference_failures_total` (see its catalog help).
 * A closed set, so the label stays bounded whatever goes wrong.
 */
export type ErrorClass =
  | "upstream_4xx"
  | "upstream_5xx"
  | "timeout"
  | "connection_refused"
  | "connection_reset"
  | "malformed_response"
  | "client_disconnect"
  | "circuit_open"
  | "bad_request";

/** Which side of the proxy an error class belongs to: the `component` label of `llm_errors_total`. */
export function errorComponent(e: ErrorClass): "proxy" | "upstream" {
  return e === "client_disconnect" || e === "bad_request" ? "proxy" : "upstream";
}

/** Whether an error says the upstream is unhealthy (counts toward opening its circuit breaker). */
export function isUpstreamFault(e: ErrorClass): boolean {
  return e === "upstream_5xx" || e === "timeout" || e === "connection_refused" || e === "connection_reset" || e === "malformed_response";
}

/** The status the client gets when the proxy itself answers for a failed upstream call. */
export function proxyStatus(e: ErrorClass): number {
  if (e === "timeout") return 504;
  if (e === "circuit_open") return 503;
  return 502;
}

const CODES: Readonly<Record<string, ErrorClass>> = {
  UPSTREAM_CONNECT_TIMEOUT: "timeout",
  UPSTREAM_HEADERS_TIMEOUT: "timeout",
  UPSTREAM_BODY_TIMEOUT: "timeout",
  UPSTREAM_TOO_LARGE: "malformed_response",
  HTTP_MALFORMED: "malformed_response",
  UPSTREAM_POOL_CLOSED: "connection_refused",
  ETIMEDOUT: "timeout",
  ECONNREFUSED: "connection_refused",
  ENOTFOUND: "connection_refused",
  EAI_AGAIN: "connection_refused",
  EHOSTUNREACH: "connection_refused",
  ENETUNREACH: "connection_refused",
};

/**
 * Maps an upstream-client or socket error to its class; anything else that breaks a connection (ECONNRESET,
 * EPIPE, UPSTREAM_CLOSED, a TLS failure) is a reset.
 */
export function classifyUpstreamError(err: unknown): ErrorClass {
  return CODES[(err as { code?: string } | null)?.code ?? ""] ?? "connection_reset";
}

/** An OpenAI-style error body, which OpenAI clients parse into a typed exception. */
export function openAiError(message: string, type: string, code: string | null = null): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}
