export { createTracing, type Tracing, type TracingOptions } from "./tracing";
export type { TracingSpan } from "./span";
export { completeAttributes, GEN_AI, OPERATION_BY_PATH, requestAttributes, spanName, type GenAiRequest } from "./gen-ai";
export { formatTraceparent, parseTraceparent } from "./traceparent";
export { ReportingSpanExporter } from "./reporting-exporter";
