/** Stable names, ports and paths of the log pipeline, which Jaeger (prod spans) and Grafana (datasource) address. */
export const ELASTICSEARCH_NAME = "elasticsearch";
/** Headless Service governing the StatefulSet: node discovery and one DNS name per node. */
export const ELASTICSEARCH_HEADLESS = "elasticsearch-headless";
export const ELASTICSEARCH_PORT = 9200;
export const ELASTICSEARCH_TRANSPORT_PORT = 9300;
/** The built-in superuser; its password is the secret `elasticsearchPassword`. */
export const ELASTIC_USER = "elastic";
/** Elasticsearch's cluster name. */
export const ELASTICSEARCH_CLUSTER = "llmobs-logs";
/** The uid:gid the Elasticsearch and Kibana images run as. */
export const ELASTICSEARCH_UID = 1000;

export const KIBANA_NAME = "kibana";
export const KIBANA_PORT = 5601;

export const FLUENTD_NAME = "fluentd";
/** fluent-plugin-prometheus' /metrics. */
export const FLUENTD_METRICS_PORT = 24231;
/** The image loads `/fluentd/etc/fluent.conf`. */
export const FLUENTD_CONFIG_DIR = "/fluentd/etc";
/** Node directory of the file buffer and tail positions, so both survive a pod restart. */
export const FLUENTD_STATE_DIR = "/var/log/llmobs-fluentd";

/** Log indices are `<prefix>-YYYY.MM.DD`; the ILM policy and index template are named after the prefix. */
export const LOG_INDEX_PREFIX = "llmobs-logs";
