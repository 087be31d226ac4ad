export { Logging, type LoggingArgs, fluentdScrapeTarget, loggingSecretKeys } from "./logging";
export { FLUENTD_PASSWORD_ENV, renderFluentConf, type FluentConfInput, type FluentSource } from "./fluent-conf";
export { parseFluentConf, type FluentDirective } from "./fluent-conf-parse";
export { LOG_RETENTION_POLICY, RETENTION_DIR, logIlmPolicy, logIndexTemplate, retentionFiles, retentionScript } from "./retention";
export { elasticsearchHeapMb, elasticsearchSettings, initialMasterNodes } from "./elasticsearch-env";
export { KIBANA_RESOURCES, kibanaEnv } from "./kibana";
export {
  ELASTICSEARCH_CLUSTER, ELASTICSEARCH_HEADLESS, ELASTICSEARCH_NAME, ELASTICSEARCH_PORT, ELASTICSEARCH_TRANSPORT_PORT, ELASTIC_USER,
  FLUENTD_METRICS_PORT, FLUENTD_NAME, FLUENTD_STATE_DIR, KIBANA_NAME, KIBANA_PORT, LOG_INDEX_PREFIX,
} from "./names";
