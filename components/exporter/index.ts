export { LlmExporter, type LlmExporterArgs } from "./llm-exporter";
export { AUDIT_LOG_DIR, METRICS_USERNAME, OTEL_SERVICE_NAME, exporterEnvironment, renderEnvFile, type ExporterEnvironmentOptions } from "./environment";
export { secretEnvironment, type ExporterSecrets } from "./secrets";
export {
  EXPORTER_IMAGE_REPOSITORY, HEALTHCHECK_COMMAND, buildContextFiles, exporterImageRef, exporterImageTag,
  parseDockerignore, type BuildContextRules,
} from "./image";
export { EXPORTER_UID, exporterOnKubernetes, exporterPodSpec, type PodSpecNames } from "./kubernetes";
export { exporterScrapeTarget } from "./scrape";
export { exporterOnDocker, type ExporterDockerPlacement } from "./docker";
export { EXPORTER_JOB, EXPORTER_NAME, EXPORTER_PORT_NAME, type ExporterWorkload } from "./workload";
export { SIMULATOR_MAIN, SIMULATOR_NAME, SIMULATOR_PORT, simulatorArguments, simulatorOnDocker } from "./simulator";
