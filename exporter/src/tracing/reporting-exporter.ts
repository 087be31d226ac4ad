import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "pino";
import type { ExporterMetrics } from "../metrics/registry";

type ResultCallback = Parameters<SpanExporter["export"]>[1];
// ExportResultCode.SUCCESS of @opentelemetry/core, which this package does not depend on directly.
const SUCCESS = 0;

/**
 * Wraps the OTLP exporter so failed exports are seen: the SDK otherwise drops them silently. Each failed
 * batch counts in `llm_errors_total{error_type="export_failed",component="tracing"}`; the log gets one
 * line when exports start failing and one when they recover.
 */
export class ReportingSpanExporter implements SpanExporter {
  private failing = false;

  constructor(
    private readonly inner: SpanExporter,
    private readonly endpoint: string,
    private readonly logger: Pick<Logger, "info" | "warn">,
    private readonly metrics?: ExporterMetrics,
  ) {}

  export(spans: ReadableSpan[], done: ResultCallback): void {
    this.inner.export(spans, (result) => {
      if (result.code === SUCCESS) {
        if (this.failing) this.logger.info({ endpoint: this.endpoint }, "trace export recovered");
        this.failing = false;
      } else {
        this.metrics?.errorsTotal.inc({ error_type: "export_failed", component: "tracing" });
        if (!this.failing) this.logger.warn({ endpoint: this.endpoint, err: result.error?.message }, "trace export failing");
        this.failing = true;
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
