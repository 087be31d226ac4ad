export { ObservabilityStack, type ObservabilityStackArgs } from "./observability-stack";
export { Prometheus, type PrometheusArgs, renderPrometheusConfig, type ScrapeTarget } from "./prometheus";
export { Alertmanager, type AlertmanagerArgs, renderAlertmanagerConfig } from "./alertmanager";
export { LlmExporter, type LlmExporterArgs } from "./exporter";
export { IMAGES } from "./images";
export { Logging, type LoggingArgs, renderFluentConf, logIlmPolicy, logIndexTemplate } from "./logging";
export { Jaeger, type JaegerArgs, renderJaegerConfig } from "./tracing";
export { DcgmExporter, type DcgmExporterArgs } from "./gpu";
export { NodeExporter, type NodeExporterArgs } from "./node-exporter";
