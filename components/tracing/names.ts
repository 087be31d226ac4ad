/** Stable names and ports of Jaeger, which the exporter (OTLP) and Grafana (query API) address. */
export const JAEGER_NAME = "jaeger";
export const JAEGER_OTLP_GRPC_PORT = 4317;
export const JAEGER_OTLP_HTTP_PORT = 4318;
/** The UI and the HTTP query API (`/api/traces`, `/api/v3/...`). */
export const JAEGER_QUERY_PORT = 16686;
export const JAEGER_QUERY_GRPC_PORT = 16685;
/** Remote sampling strategies for SDKs (HTTP and gRPC). */
export const JAEGER_SAMPLING_HTTP_PORT = 5778;
export const JAEGER_SAMPLING_GRPC_PORT = 5779;
/** healthcheckv2: `GET /status`. */
export const JAEGER_HEALTH_PORT = 13133;
/** Jaeger's own Prometheus metrics (the collector's telemetry). */
export const JAEGER_METRICS_PORT = 8888;
/** Where the config file is mounted or uploaded. */
export const JAEGER_CONFIG_DIR = "/etc/jaeger";
export const JAEGER_CONFIG_FILE = `${JAEGER_CONFIG_DIR}/config.yaml`;
/** Where the Elasticsearch password file is mounted (elasticsearch backend). */
export const JAEGER_SECRETS_DIR = "/etc/jaeger/secrets";
/** Badger's data directory (a volume). */
export const JAEGER_BADGER_DIR = "/badger";
/** Prefix of Jaeger's Elasticsearch indices (`<prefix>-jaeger-span-YYYY-MM-DD`), apart from the log indices. */
export const JAEGER_INDEX_PREFIX = "llmobs";
/** The uid the jaegertracing/jaeger image runs as. */
export const JAEGER_UID = 10001;
