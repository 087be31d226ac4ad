import type { AbandonedRequestListener, HttpHandler, HttpRequest, HttpResponse } from "../http1";
import type { Endpoint } from "../metrics/recorder";
import type { MetricsRenderer } from "../metrics/scrape";
import type { ProxyContext } from "../proxy/context";
import { openAiError } from "../proxy/errors";
import { handleInference, recordAbandoned } from "../proxy/inference";
import { handleModels } from "../proxy/models";
import { basicMatches, bearerMatches } from "./auth";

/** What the HTTP front needs besides the proxy context. */
export interface RoutesOptions {
  /** Shared proxy state (metrics, routing, logger, auth token). Required. */
  ctx: ProxyContext;
  /** Renders /metrics and /metrics/json. Required. */
  renderer: MetricsRenderer;
  /** Basic-auth credentials required on /metrics and /metrics/json; undefined leaves them open. */
  metricsAuth: { username: string; password: string } | undefined;
  /** Timeout of the /v1/models fan-out, in milliseconds. */
  modelsTimeoutMs: number;
  /** Whether at least one upstream is reachable (cached probe). */
  ready: () => Promise<{ ready: boolean; upstreams: Record<string, boolean> }>;
}

const INFERENCE: ReadonlySet<string> = new Set<Endpoint>(["/v1/chat/completions", "/v1/completions", "/v1/embeddings"]);
const OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
const PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** The request target without its query. */
function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

function send(res: HttpResponse, status: number, body: string | Buffer, contentType = "application/json", extra?: Record<string, string>): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body), ...extra });
  res.end(body);
}

/** The exporter's HTTP routes: the OpenAI proxy, /metrics (+ /metrics/json), /healthz and /readyz. */
export function createRoutes(o: RoutesOptions): HttpHandler {
  const { ctx } = o;
  const security = ctx.metrics.securityEventsTotal;

  /** Counts, logs and audits a refused credential (the SIEM alerts read all three). */
  function authFailure(req: HttpRequest, event: "auth_failure" | "metrics_auth_failure", path: string): void {
    security.inc({ event_type: event });
    const clientIp = req.remoteAddress ?? "";
    ctx.logger.warn({ event, path, client_ip: clientIp }, "security event");
    ctx.audit?.write({
      timestamp: new Date().toISOString(), trace_id: "", request_id: "", action: event, resource: path, log_level: "WARN",
      status: 401, outcome: "failure", client_ip: clientIp,
    });
  }

  async function metrics(req: HttpRequest, res: HttpResponse, path: string): Promise<void> {
    if (o.metricsAuth && !basicMatches(req.headers.authorization, o.metricsAuth.username, o.metricsAuth.password)) {
      authFailure(req, "metrics_auth_failure", path);
      return send(res, 401, "unauthorized\n", "text/plain", { "www-authenticate": 'Basic realm="metrics"' });
    }
    const json = path === "/metrics/json";
    if (json) return send(res, 200, await o.renderer.json());
    const openMetrics = (req.headers.accept ?? "").includes("application/openmetrics-text");
    send(res, 200, await o.renderer.render(openMetrics), openMetrics ? OPENMETRICS_TYPE : PROMETHEUS_TYPE);
  }

  /** Synchronous for the inference path (no promise per proxied request); async where a route awaits. */
  function route(req: HttpRequest, res: HttpResponse): void | Promise<void> {
    const path = pathOf(req.url);
    const method = req.method;
    if (path.startsWith("/v1/")) {
      if (ctx.apiToken !== undefined && !bearerMatches(req.headers.authorization, ctx.apiToken)) {
        authFailure(req, "auth_failure", path);
        return send(res, 401, openAiError("invalid or missing bearer token", "invalid_request_error", "invalid_api_key"));
      }
      if (INFERENCE.has(path)) {
        if (method === "POST") return handleInference(ctx, req, res, path as Endpoint);
        return send(res, 405, openAiError(`${method} not allowed on ${path}; use POST`, "invalid_request_error"), "application/json", { allow: "POST" });
      }
      if (path === "/v1/models" && method === "GET") {
        const auth = ctx.apiToken === undefined ? req.headers.authorization : undefined;
        return handleModels(ctx.router.upstreams, o.modelsTimeoutMs, auth, res);
      }
    }
    if (method === "GET") {
      if (path === "/metrics" || path === "/metrics/json") return metrics(req, res, path);
      if (path === "/healthz") return send(res, 200, '{"status":"ok"}');
      if (path === "/readyz") {
        return o.ready().then((r) => send(res, r.ready ? 200 : 503, JSON.stringify({ status: r.ready ? "ready" : "not ready", upstreams: r.upstreams })));
      }
    }
    ctx.metrics.errorsTotal.inc({ error_type: "not_found", component: "proxy" });
    send(res, 404, openAiError(`no route for ${method} ${path.slice(0, 200)}`, "invalid_request_error", "not_found"));
  }

  // A bug in one handler must cost one request, never the process.
  const failed = (req: HttpRequest, res: HttpResponse, err: unknown) => {
    ctx.logger.error({ err, path: req.url }, "request handler failed");
    ctx.metrics.errorsTotal.inc({ error_type: "internal", component: "proxy" });
    if (!res.headersSent) send(res, 500, openAiError("internal error", "server_error"));
    else res.destroy();
  };
  return (req, res) => {
    try {
      route(req, res)?.catch((err: unknown) => failed(req, res, err));
    } catch (err) {
      failed(req, res, err);
    }
  };
}

/** Counts inference requests that were abandoned before their body was in (see {@link recordAbandoned}). */
export function abandonedInference(ctx: ProxyContext): AbandonedRequestListener {
  return (req, status) => {
    const path = pathOf(req.url);
    if (INFERENCE.has(path)) recordAbandoned(ctx, req, path as Endpoint, status);
  };
}
