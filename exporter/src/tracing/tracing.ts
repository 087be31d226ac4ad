import { ROOT_CONTEXT, SpanKind, trace, type AttributeValue } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { Logger } from "pino";
import type { RequestTracer } from "../integrations";
import type { ExporterMetrics } from "../metrics/registry";
import { completeAttributes, spanName } from "./gen-ai";
import { ReportingSpanExporter } from "./reporting-exporter";
import { NOOP_SPAN, wrapSpan, type TracingSpan } from "./span";
import { parseTraceparent } from "./traceparent";

/** Options of {@link createTracing}. */
export interface TracingOptions {
  /** OTLP/HTTP collector URL (Jaeger: `http://jaeger:4318`); `/v1/traces` is appended unless present. Defaults to unset: tracing off. */
  endpoint?: string;
  /** `service.name` of the spans. */
  serviceName: string;
  /** Fraction (0-1) of new traces sampled; a request with a `traceparent` follows its parent's decision. */
  sampleRatio: number;
  /** Receives one line when tracing starts and one per export state change. */
  logger: Pick<Logger, "info" | "warn">;
  /** Failed exports are counted here when given. Defaults to not counted. */
  metrics?: ExporterMetrics;
  /** Delay between batch exports, in ms. Defaults to 5000 (the SDK's default). */
  exportDelayMs?: number;
}

/** The tracer the proxy uses (see exporter/src/integrations.ts). */
export interface Tracing extends RequestTracer {
  /**
   * Starts a CLIENT span named `{gen_ai.operation.name} {gen_ai.request.model}` with the given GenAI
   * attributes (see GEN_AI / requestAttributes), as a child of the incoming W3C `traceparent` if valid.
   */
  startRequestSpan(attributes: Record<string, AttributeValue>, traceparent?: string): TracingSpan;
  /** Exports finished spans now; never rejects (failures are counted and logged). */
  flush(): Promise<void>;
}

const NOOP_TRACING: Tracing = { startRequestSpan: () => NOOP_SPAN, flush: async () => undefined, shutdown: async () => undefined };

function tracesUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new RangeError(`tracing endpoint = ${JSON.stringify(endpoint)}: expected an http(s) URL like http://jaeger:4318`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new RangeError(`tracing endpoint = ${JSON.stringify(endpoint)}: expected an http(s) URL like http://jaeger:4318`);
  return url.pathname.endsWith("/v1/traces") ? url.href : `${url.href.replace(/\/$/, "")}/v1/traces`;
}

/**
 * Request tracing over OTLP/HTTP (JSON) with a batch processor and a ParentBased(TraceIdRatio) sampler.
 * Without an endpoint it returns a no-op whose spans cost one shared object and carry no trace id.
 * The provider is not registered globally: the exporter is a library user of OpenTelemetry, not its owner.
 */
export function createTracing(opts: TracingOptions): Tracing {
  if (opts.endpoint === undefined || opts.endpoint === "") return NOOP_TRACING;
  if (!Number.isFinite(opts.sampleRatio) || opts.sampleRatio < 0 || opts.sampleRatio > 1) {
    throw new RangeError(`tracing sampleRatio = ${opts.sampleRatio}: expected a number from 0 to 1`);
  }
  const url = tracesUrl(opts.endpoint);
  const exporter = new ReportingSpanExporter(new OTLPTraceExporter({ url }), url, opts.logger, opts.metrics);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(opts.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: opts.exportDelayMs ?? 5000 })],
  });
  const tracer = provider.getTracer("llm-exporter");
  opts.logger.info({ endpoint: url, sample_ratio: opts.sampleRatio, service: opts.serviceName }, "tracing on");

  return {
    startRequestSpan(attributes, traceparent) {
      const parent = parseTraceparent(traceparent);
      const ctx = parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
      const start = completeAttributes(attributes, true);
      return wrapSpan(tracer.startSpan(spanName(start), { kind: SpanKind.CLIENT, attributes: start }, ctx), start);
    },
    // A failed export is already counted and logged by ReportingSpanExporter; flushing must not throw it again.
    flush: () => provider.forceFlush().catch(() => undefined),
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}
