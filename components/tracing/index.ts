export { Jaeger, type JaegerArgs, jaegerRenderInput, jaegerScrapeTarget } from "./jaeger";
export { badgerTtl, renderJaegerConfig, type JaegerElasticsearch, type JaegerRenderInput } from "./render-config";
export {
  JAEGER_BADGER_DIR, JAEGER_CONFIG_DIR, JAEGER_CONFIG_FILE, JAEGER_HEALTH_PORT, JAEGER_INDEX_PREFIX, JAEGER_METRICS_PORT, JAEGER_NAME,
  JAEGER_OTLP_GRPC_PORT, JAEGER_OTLP_HTTP_PORT, JAEGER_QUERY_GRPC_PORT, JAEGER_QUERY_PORT, JAEGER_SAMPLING_GRPC_PORT,
  JAEGER_SAMPLING_HTTP_PORT, JAEGER_SECRETS_DIR, JAEGER_UID,
} from "./names";
