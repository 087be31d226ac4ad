export { Prometheus, type PrometheusArgs } from "./prometheus";
export {
  allScrapeTargets, backendScrapeTargets, builtinScrapeTargets, prometheusSecretKeys, renderPrometheusConfig,
  type PrometheusRenderInput, type PrometheusStackConfig,
} from "./render-config";
export { isStatic, scrapeTargetProblems, type ScrapeTarget, type StackEndpoint, type StaticEndpoint } from "./scrape-target";
export { UNBOUNDED_LABEL_NAMES } from "./relabel";
export { prometheusArgs } from "./server-args";
export {
  PROMETHEUS_CONFIG_DIR, PROMETHEUS_DATA_DIR, PROMETHEUS_HEADLESS, PROMETHEUS_NAME, PROMETHEUS_PORT, PROMETHEUS_PORT_NAME,
  PROMETHEUS_SECRETS_DIR, RULES_SUBDIR,
} from "./names";
export { forInstalledPromtool, promtoolCheckConfig, promtoolHasKubernetesSd } from "./promtool";
export { startLocalServer, waitFor, type LocalServer } from "./local-server";
