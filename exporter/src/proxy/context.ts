import type { Logger } from "pino";
import type { AuditSink, RequestTracer } from "../integrations";
import type { ModelLabelGuard } from "../metrics/labels";
import type { RequestRecorder } from "../metrics/recorder";
import type { ExporterMetrics } from "../metrics/registry";
import type { DeferredQueue } from "./deferred";
import type { Router } from "./router";
import type { Upstream } from "./upstream";

/** What every request handler shares: built once by the server, read on every request. */
export interface ProxyContext {
  metrics: ExporterMetrics;
  recorder: RequestRecorder;
  guard: ModelLabelGuard;
  router: Router<Upstream>;
  logger: Logger;
  tracer: RequestTracer;
  audit: AuditSink | undefined;
  /** Per-request bookkeeping, run after the event-loop turn's I/O. */
  deferred: DeferredQueue;
  /** Largest accepted request body in bytes. */
  maxBodyBytes: number;
  /** Largest upstream JSON answer buffered in bytes; a bigger one is cut off as malformed. */
  maxResponseBytes: number;
  /** Bearer token the proxy requires on /v1/*; undefined when proxy auth is off. */
  apiToken: string | undefined;
}
