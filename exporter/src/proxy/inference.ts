import type { HttpRequest, HttpResponse } from "../http1";
import type { Endpoint } from "../metrics/recorder";
import { OPERATION_BY_PATH, requestAttributes } from "../tracing/gen-ai";
import { UpstreamCall } from "./call";
import { parseClientRequest } from "./client-request";
import type { ProxyContext } from "./context";
import { classifyUpstreamError, proxyStatus } from "./errors";
import { Exchange } from "./exchange";

const JSON_HEADERS = { "content-type": "application/json" };

/** The response of a request whose client is gone: nothing can be sent, and nothing needs to be. */
const GONE: HttpResponse = {
  headersSent: true, destroyed: true, statusCode: 0,
  writeHead: () => undefined, write: () => false, end: () => undefined, closeAfter: () => undefined,
  onAbort: () => undefined, onDrain: () => undefined, destroy: () => undefined,
};

/**
 * Records an inference request that never reached {@link handleInference}: its client left mid-body (499,
 * `client_disconnect`) or the server refused the rest of it (408 or 400, `bad_request`). It is counted, logged
 * and audited like any other request, under the `unknown` model: the body that would name it never arrived.
 */
export function recordAbandoned(ctx: ProxyContext, req: HttpRequest, endpoint: Endpoint, status: number): void {
  new Exchange(ctx, req, GONE, endpoint).finish(status, status === 499 ? "client_disconnect" : "bad_request");
}

/** Proxies one POST to an OpenAI inference endpoint and measures it. */
export function handleInference(ctx: ProxyContext, req: HttpRequest, res: HttpResponse, endpoint: Endpoint): void {
  const ex = new Exchange(ctx, req, res, endpoint);
  if (req.bodyTooLarge) {
    ctx.metrics.securityEventsTotal.inc({ event_type: "body_too_large" });
    return ex.fail(413, "bad_request", `request body exceeds ${ctx.maxBodyBytes} bytes`, "invalid_request_error");
  }
  const parsed = parseClientRequest(req.body, endpoint !== "/v1/embeddings");
  if (!("model" in parsed)) return ex.fail(400, "bad_request", parsed.message, "invalid_request_error");
  ex.modelId = ctx.guard.resolve(parsed.model);
  ex.stream = parsed.stream;
  const upstream = ctx.router.pick(parsed.model);
  if (!upstream) return ex.fail(404, "bad_request", `no upstream serves model ${JSON.stringify(parsed.model.slice(0, 128))}`, "invalid_request_error");
  ex.upstream = upstream;
  // An unsampled span ignores attributes: skip building them on the hot path.
  if (ex.span.traceId) {
    ex.span.setAttributes(requestAttributes({
      operation: OPERATION_BY_PATH[endpoint] ?? "chat", provider: upstream.config.backend, model: parsed.model,
      serverAddress: upstream.host, serverPort: upstream.port,
    }));
  }
  if (!upstream.breaker.tryAcquire()) {
    // Retry-After tells clients (the OpenAI SDKs honour it) when the breaker will let a request through again.
    const retryAfter = String(upstream.breaker.retryAfterSeconds());
    return ex.fail(503, "circuit_open", `upstream ${upstream.name} is failing; circuit breaker open`, "upstream_error", { "retry-after": retryAfter });
  }
  ex.admitted = true;
  const headers: Record<string, string> = { ...JSON_HEADERS, accept: parsed.stream ? "text/event-stream" : "application/json" };
  // With proxy auth on, the client's bearer token is ours, not the upstream's: it must not travel on.
  const auth = req.headers.authorization;
  if (auth && ctx.apiToken === undefined) headers.authorization = auth;
  if (ex.span.traceparent) headers.traceparent = ex.span.traceparent;
  const call = new UpstreamCall(ex, parsed.stripUsage, ctx.maxResponseBytes);
  try {
    call.attach(upstream.pool.dispatch({
      method: "POST", path: upstream.pathPrefix + endpoint, headers, body: parsed.upstreamBody,
      headersTimeoutMs: upstream.firstByteMs, bodyTimeoutMs: upstream.idleMs,
    }, call));
  } catch (err) {
    // The pool throws synchronously once it is closed (a request racing shutdown).
    const cls = classifyUpstreamError(err);
    ex.fail(proxyStatus(cls), cls, `upstream ${upstream.name}: ${(err as Error).message}`);
  }
}
