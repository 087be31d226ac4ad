import type { IncomingMessage, ServerResponse } from "node:http";
import type { Endpoint } from "../metrics/recorder";
import { OPERATION_BY_PATH, requestAttributes } from "../tracing/gen-ai";
import { TOO_LARGE, readBody } from "./body";
import { UpstreamCall } from "./call";
import { parseClientRequest } from "./client-request";
import type { ProxyContext } from "./context";
import { Exchange } from "./exchange";

const JSON_HEADERS = { "content-type": "application/json" };

/** Proxies one POST to an OpenAI inference endpoint and measures it. */
export async function handleInference(ctx: ProxyContext, req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): Promise<void> {
  const ex = new Exchange(ctx, req, res, endpoint);
  const body = await readBody(req, ctx.maxBodyBytes);
  if (body === null || ex.done) return ex.finish(499, "client_disconnect");
  if (body === TOO_LARGE) {
    ctx.metrics.securityEventsTotal.inc({ event_type: "body_too_large" });
    res.shouldKeepAlive = false;
    return ex.fail(413, "bad_request", `request body exceeds ${ctx.maxBodyBytes} bytes`, "invalid_request_error");
  }
  const parsed = parseClientRequest(body, endpoint !== "/v1/embeddings");
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
    return ex.fail(503, "circuit_open", `upstream ${upstream.name} is failing; circuit breaker open`, "upstream_error");
  }
  ex.admitted = true;
  const headers: Record<string, string> = { ...JSON_HEADERS, accept: parsed.stream ? "text/event-stream" : "application/json" };
  // With proxy auth on, the client's bearer token is ours, not the upstream's: it must not travel on.
  const auth = req.headers.authorization;
  if (auth && ctx.apiToken === undefined) headers.authorization = auth;
  if (ex.span.traceparent) headers.traceparent = ex.span.traceparent;
  try {
    upstream.pool.dispatch(
      { method: "POST", path: upstream.pathPrefix + endpoint, headers, body: parsed.upstreamBody },
      new UpstreamCall(ex, parsed.stripUsage, ctx.maxResponseBytes),
    );
  } catch (err) {
    // undici throws synchronously once the pool is destroyed (a request racing shutdown).
    ex.fail(502, "connection_refused", `upstream ${upstream.name}: ${(err as Error).message}`);
  }
}
