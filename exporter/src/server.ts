import type { Logger } from "pino";
import { startBackendScrapers } from "./adapters";
import { AuditLog } from "./audit";
import { startGpuCollector } from "./gpu";
import { createTracing } from "./tracing";
import type { UpstreamConfig } from "./config";
import { abandonedInference, createRoutes } from "./http";
import { Http1Server } from "./http1";
import { type AuditSink, NOOP_TRACER, type RequestTracer } from "./integrations";
import { createLogger } from "./logging";
import { createMetrics, type ExporterMetrics, MetricsRenderer, ModelLabelGuard, RequestRecorder } from "./metrics";
import { DeferredQueue, logBreakerTransition, type ProxyContext, Router, Upstream } from "./proxy";

/** Options of {@link startExporter}; main.ts fills them from {@link RuntimeConfig}. */
export interface ExporterOptions {
  /** Upstream LLM servers, routed by model. Required, at least one. */
  upstreams: UpstreamConfig[];
  /** Listening port; 0 picks a free one. Defaults to 9464. */
  port?: number;
  /** Listening address. Defaults to "0.0.0.0". */
  host?: string;
  /** Distinct `model_id` label values before folding into `other`. Defaults to 100. */
  maxModelIds?: number;
  /** Upstream TCP connect timeout in ms. Defaults to 2000. */
  connectTimeoutMs?: number;
  /** Time allowed until upstream response headers, in ms. Defaults to 60000. */
  firstByteTimeoutMs?: number;
  /** Longest silence between two upstream body chunks, in ms. Defaults to 30000. */
  idleTimeoutMs?: number;
  /** Consecutive upstream failures that open its circuit breaker. Defaults to 5. */
  breakerFailureThreshold?: number;
  /** Seconds a breaker stays open before its half-open probe (fractions allowed). Defaults to 30. */
  breakerOpenSeconds?: number;
  /** Bearer token required on /v1/*; proxy auth is off when unset. Defaults to unset. */
  apiToken?: string;
  /** Basic-auth credentials required on /metrics; open when unset. Defaults to unset. */
  metricsAuth?: { username: string; password: string };
  /** Largest accepted request body in bytes (413 above). Defaults to 10 MiB. */
  maxBodyBytes?: number;
  /** Largest non-streaming upstream answer in bytes (502 malformed_response above). Defaults to 64 MiB. */
  maxResponseBytes?: number;
  /** How long a rendered /metrics text is reused, in ms; 0 renders every scrape. Defaults to 0. */
  metricsCacheMs?: number;
  /** How long an upstream reachability probe (for /readyz) is reused, in ms. Defaults to 5000. */
  readinessCacheMs?: number;
  /**
   * How often each upstream is probed (`GET /v1/models`) for `llm_upstream_up`, in ms, starting at once; 0 probes
   * only when /readyz asks, which a Kubernetes readiness probe does but nothing on Docker does. Defaults to 15000.
   */
  upstreamProbeIntervalMs?: number;
  /** Interval of the backend-native metrics scrape, in ms; 0 disables it. Defaults to 15000. */
  backendScrapeIntervalMs?: number;
  /** Request log. Defaults to JSON lines on stdout at `logLevel`. */
  logger?: Logger;
  /** Level of the default logger. Defaults to "info". */
  logLevel?: string;
  /** OTLP/HTTP tracing (OTEL_* settings); off when `endpoint` is unset. Defaults to off. */
  tracing?: { endpoint?: string; serviceName: string; sampleRatio: number };
  /** Request tracer to use instead of one built from `tracing` (tests). Defaults to none. */
  tracer?: RequestTracer;
  /** Audit log settings (seed 001's AUDIT_*): one JSON line per request in `dir`. Defaults to no audit log. */
  auditLog?: { dir: string; retentionDays: number; maxSizeMb: number };
  /** Audit sink to use instead of an `auditLog` built here (tests). Defaults to none. */
  audit?: AuditSink;
  /** nvidia-smi polling (absent GPU or binary is not an error). Defaults to off. */
  gpu?: { intervalMs: number; nvidiaSmiPath: string };
  /** Instruments to record into. Defaults to a fresh `createMetrics()`. */
  metrics?: ExporterMetrics;
}

/** A running exporter. */
export interface ExporterHandle {
  /** Base URL, e.g. `http://127.0.0.1:41234`; OpenAI clients use `${url}/v1`. */
  url: string;
  port: number;
  metrics: ExporterMetrics;
  /** Open client connections (for leak checks). */
  connections(): number;
  /** Stops accepting, lets in-flight requests finish (then cuts the rest), closes upstream pools, background loops, audit log and tracer. */
  close(): Promise<void>;
}

/** Starts the measuring OpenAI-compatible proxy with /metrics, /metrics/json, /healthz and /readyz. */
export async function startExporter(o: ExporterOptions): Promise<ExporterHandle> {
  if (o.upstreams.length === 0) throw new Error("upstreams: expected at least one upstream");
  const metrics = o.metrics ?? createMetrics();
  const logger = o.logger ?? createLogger(o.logLevel ?? "info");
  const connectMs = o.connectTimeoutMs ?? 2000;
  const upstreams = o.upstreams.map((config) => {
    const labels = { upstream: config.name };
    return new Upstream(config, {
      connectMs, firstByteMs: o.firstByteTimeoutMs ?? 60_000, idleMs: o.idleTimeoutMs ?? 30_000,
      failureThreshold: o.breakerFailureThreshold ?? 5, openSeconds: o.breakerOpenSeconds ?? 30,
      probeCacheMs: o.readinessCacheMs ?? 5000,
      onBreakerState: (s) => metrics.circuitBreakerState.set(labels, s),
      onBreakerTransition: (t) => logBreakerTransition(logger, config.name, t),
      onProbe: (up) => metrics.upstreamUp.set(labels, up ? 1 : 0),
    });
  });
  const guard = new ModelLabelGuard(o.maxModelIds ?? 100, metrics.modelIdsOverflowTotal);
  const audit = o.audit ?? (o.auditLog ? new AuditLog({ ...o.auditLog, metrics, logger }) : undefined);
  const ctx: ProxyContext = {
    metrics, recorder: new RequestRecorder(metrics), guard, router: new Router(upstreams), logger,
    tracer: o.tracer ?? (o.tracing ? createTracing({ ...o.tracing, logger, metrics }) : NOOP_TRACER), audit,
    deferred: new DeferredQueue((err) => {
      logger.error({ err }, "request bookkeeping failed");
      metrics.errorsTotal.inc({ error_type: "internal", component: "proxy" });
    }),
    maxBodyBytes: o.maxBodyBytes ?? 10 * 1024 * 1024,
    maxResponseBytes: o.maxResponseBytes ?? 64 * 1024 * 1024, apiToken: o.apiToken,
  };
  const ready = async () => {
    const results = await Promise.all(upstreams.map((u) => u.probe()));
    return { ready: results.some(Boolean), upstreams: Object.fromEntries(upstreams.map((u, i) => [u.name, results[i]!])) };
  };
  const server = new Http1Server(
    createRoutes({ ctx, renderer: new MetricsRenderer(metrics.registry, metrics.scrapeDurationSeconds, o.metricsCacheMs ?? 0), metricsAuth: o.metricsAuth, modelsTimeoutMs: connectMs, ready }),
    { maxBodyBytes: ctx.maxBodyBytes, onAbandoned: abandonedInference(ctx) },
  );
  const port = await server.listen(o.port ?? 9464, o.host ?? "0.0.0.0");
  const scrapeInterval = o.backendScrapeIntervalMs ?? 15_000;
  const scrapers = scrapeInterval > 0
    ? startBackendScrapers({ upstreams: o.upstreams, intervalMs: scrapeInterval, metrics, logger, modelId: (m) => guard.resolve(m) })
    : undefined;
  const gpu = o.gpu ? await startGpuCollector({ ...o.gpu, metrics, logger }) : undefined;
  const probeEvery = o.upstreamProbeIntervalMs ?? 15_000;
  const probeAll = () => upstreams.forEach((u) => void u.probe());
  const prober = probeEvery > 0 ? setInterval(probeAll, probeEvery).unref() : undefined;
  if (prober) probeAll();
  const shownHost = o.host === undefined || o.host === "0.0.0.0" ? "127.0.0.1" : o.host;
  logger.info({ port, upstreams: o.upstreams.map((u) => `${u.name}=${u.url}`) }, "exporter listening");
  return {
    url: `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}`,
    port,
    metrics,
    connections: () => server.connectionCount,
    async close() {
      scrapers?.stop();
      gpu?.stop();
      clearInterval(prober);
      const closed = server.close();
      // Streams can run for minutes: give in-flight requests a grace period, then cut them.
      const grace = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(grace);
      ctx.deferred.run();
      await Promise.all([...upstreams.map((u) => u.close()), audit?.close(), ctx.tracer.shutdown()]);
      logger.flush();
    },
  };
}
