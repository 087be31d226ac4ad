export { startExporter, type ExporterHandle, type ExporterOptions } from "./server";
export { loadRuntimeConfig, parseUpstreams, RuntimeConfigError, type RuntimeConfig, type UpstreamConfig } from "./config";
export { createLogger } from "./logging";
export { NOOP_TRACER, type AuditSink, type ProxyAuditRecord, type RequestSpan, type RequestTracer } from "./integrations";
export { createMetrics, populateSeries, type ExporterMetrics } from "./metrics";
