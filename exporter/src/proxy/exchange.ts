import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { HttpRequest, HttpResponse } from "../http1";
import type { RequestSpan } from "../integrations";
import { UNKNOWN_MODEL_ID } from "../metrics/labels";
import type { Endpoint } from "../metrics/recorder";
import { GEN_AI } from "../tracing/gen-ai";
import type { ProxyContext } from "./context";
import type { Deferrable } from "./deferred";
import { type ErrorClass, isUpstreamFault, openAiError } from "./errors";
import type { Upstream } from "./upstream";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * One inference request on its way through the proxy: its timings, token counts and outcome. `finish` runs
 * exactly once, whatever ends the request (response sent, fault, client gone); it ends the span and queues
 * the metrics, the request log line and the audit record.
 */
export class Exchange implements Deferrable {
  readonly start = performance.now();
  readonly id: string;
  readonly span: RequestSpan;
  modelId = UNKNOWN_MODEL_ID;
  stream = false;
  upstream: Upstream | undefined;
  /** Whether the upstream's breaker admitted this request (and so awaits its verdict). */
  admitted = false;
  firstTokenAt: number | undefined;
  completionTokens: number | undefined;
  promptTokens: number | undefined;
  done = false;
  private endedAt = 0;
  private status = 0;
  private error: ErrorClass | undefined;
  /** Aborts the upstream call, once it has started. */
  abortUpstream: (() => void) | undefined;

  constructor(private readonly ctx: ProxyContext, readonly req: HttpRequest, readonly res: HttpResponse, readonly endpoint: Endpoint) {
    const given = req.headers["x-request-id"];
    this.id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    const parent = req.headers.traceparent;
    this.span = ctx.tracer.startRequestSpan({ "http.route": endpoint }, typeof parent === "string" ? parent : undefined);
    ctx.recorder.started();
    res.onAbort(() => {
      if (this.done) return;
      this.finish(499, "client_disconnect");
      this.abortUpstream?.();
    });
  }

  /** Answers with an OpenAI-style error body and any `headers` (if the client is still there) and finishes. */
  fail(status: number, error: ErrorClass, message: string, type = "upstream_error", headers: Record<string, string> = {}): void {
    if (this.done) return;
    const res = this.res;
    if (!res.headersSent && !res.destroyed) {
      const body = openAiError(message, type, error);
      res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-request-id": this.id });
      res.end(body);
    }
    this.finish(status, error);
  }

  /**
   * Ends the request: timings are taken and the breaker hears the verdict now; metrics, the log line and the
   * audit record follow in {@link runDeferred}, after the turn's I/O. Later calls are ignored.
   */
  finish(status: number, error: ErrorClass | undefined): void {
    if (this.done) return;
    this.done = true;
    this.endedAt = performance.now();
    this.status = status;
    this.error = error;
    if (this.admitted && this.upstream) {
      const breaker = this.upstream.breaker;
      if (error === "client_disconnect") breaker.release();
      else if (error && isUpstreamFault(error)) breaker.failure();
      else breaker.success();
    }
    if (this.span.traceId) {
      this.span.setAttributes({
        "http.response.status_code": status,
        ...(this.promptTokens !== undefined ? { [GEN_AI.usageInputTokens]: this.promptTokens } : {}),
        ...(this.completionTokens !== undefined ? { [GEN_AI.usageOutputTokens]: this.completionTokens } : {}),
        ...(error ? { [GEN_AI.errorType]: error } : {}),
      });
    }
    this.span.end(error && this.span.traceId ? new Error(error) : undefined);
    this.ctx.deferred.add(this);
  }

  /** Records the finished request: metrics, one request log line, one audit record. */
  runDeferred(): void {
    const { ctx, status, error } = this;
    const durationMs = this.endedAt - this.start;
    const tokens = this.completionTokens;
    const ttftMs = this.firstTokenAt === undefined ? undefined : this.firstTokenAt - this.start;
    const tpotMs = this.stream && this.firstTokenAt !== undefined && tokens !== undefined && tokens >= 2
      ? (this.endedAt - this.firstTokenAt) / (tokens - 1) : undefined;
    const traceId = this.span.traceId || undefined;
    ctx.recorder.finished({
      modelId: this.modelId, endpoint: this.endpoint, stream: this.stream, status, error, durationMs, ttftMs, tpotMs,
      promptTokens: this.promptTokens, completionTokens: tokens, traceId,
    });
    const line = {
      request_id: this.id, trace_id: traceId, model: this.modelId, upstream: this.upstream?.name, endpoint: this.endpoint, status,
      stream: this.stream, duration_ms: round(durationMs), ttft_ms: ttftMs === undefined ? undefined : round(ttftMs),
      tpot_ms: tpotMs === undefined ? undefined : round(tpotMs), prompt_tokens: this.promptTokens, completion_tokens: tokens, error,
    };
    if (error) ctx.logger.warn(line, "request failed");
    else ctx.logger.info(line, "request");
    // Undefined fields are left out by the audit serializer.
    ctx.audit?.write({
      timestamp: "", trace_id: traceId ?? "", request_id: this.id, action: "llm_call", resource: this.endpoint,
      log_level: error ? "WARN" : "INFO", model: this.modelId, upstream: this.upstream?.name, status,
      outcome: error ? "failure" : "success", error, prompt_tokens: this.promptTokens, completion_tokens: tokens,
      duration_ms: round(durationMs), client_ip: this.req.remoteAddress,
    });
  }
}
