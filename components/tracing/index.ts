export { Jaeger, type JaegerArgs, jaegerRenderInput, jaegerScrapeTarget } from "./jaeger";
export { badgerTtl, renderJaegerConfig, type JaegerElasticsearch, type JaegerRenderInput } from "./render-config";
export { RETENTION_ANNOTATION } from "./kubernetes";
export * from "./names";
