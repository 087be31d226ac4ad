/**
 * The small surfaces the proxy needs from the tracing and audit modules (exporter/src/tracing, exporter/src/audit).
 * The proxy depends on these shapes only, so it runs, and is tested, with or without those modules.
 */

/** A span covering one proxied request. */
export interface RequestSpan {
  /** W3C trace id (32 hex chars), or "" when the request is not sampled. */
  readonly traceId: string;
  /** `traceparent` header value naming this span, passed to the upstream; undefined when tracing is off. */
  readonly traceparent?: string | undefined;
  setAttributes(attributes: Record<string, string | number | boolean>): void;
  end(error?: Error): void;
}

/** Starts request spans (GenAI semantic conventions are the tracing module's business). */
export interface RequestTracer {
  /** Starts a span, as a child of the incoming W3C `traceparent` when one is given and valid. */
  startRequestSpan(attributes: Record<string, string | number | boolean>, traceparent?: string): RequestSpan;
  shutdown(): Promise<void>;
}

/** One audit record per proxied request or security event; never prompt or completion text. */
export interface ProxyAuditRecord {
  /** ISO 8601 time of the event; "" lets the sink stamp it with the write time. */
  timestamp: string;
  trace_id: string;
  request_id: string;
  action: "llm_call" | "auth_failure" | "metrics_auth_failure";
  resource: string;
  log_level: "INFO" | "WARN";
  model?: string;
  upstream?: string;
  status: number;
  outcome: "success" | "failure";
  error?: string;
  prompt_tokens?: number;
  completion_tokens?: number;
  duration_ms?: number;
  client_ip?: string;
}

/** Where audit records go. */
export interface AuditSink {
  write(record: ProxyAuditRecord): void;
  close(): Promise<void>;
}

const NOOP_SPAN: RequestSpan = { traceId: "", setAttributes: () => undefined, end: () => undefined };

/** Tracing switched off: spans cost nothing and carry no trace id. */
export const NOOP_TRACER: RequestTracer = { startRequestSpan: () => NOOP_SPAN, shutdown: async () => undefined };
