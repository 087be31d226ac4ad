import { z } from "zod";
import { dnsLabel } from "./sections/common";
import { prometheusConfig } from "./sections/prometheus";
import { alertmanagerConfig } from "./sections/alertmanager";
import { alertsConfig } from "./sections/alerts";
import { exporterConfig } from "./sections/exporter";
import { grafanaConfig } from "./sections/grafana";
import { gpuConfig } from "./sections/gpu";
import { loggingConfig } from "./sections/logging";
import { nodeExporterConfig } from "./sections/node-exporter";
import { tracingConfig } from "./sections/tracing";

export const ENVIRONMENTS = ["local", "dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Everything an environment decides. Read from the `llmobs:*` keys of `stacks/Pulumi.<stack>.yaml`. */
export const stackConfig = z.strictObject({
  environment: z.enum(ENVIRONMENTS).describe("Which environment this stack is; selects the defaults below."),
  platform: z.enum(["docker", "kubernetes"]).describe("`docker` runs everything as containers on one host (local); `kubernetes` for dev/staging/prod."),
  namespace: dnsLabel.describe("Kubernetes namespace (or Docker name prefix) of every object."),
  cluster: z.string().min(1).max(63).describe("Value of the `cluster` external label; Alertmanager groups by it."),
  prometheus: prometheusConfig.describe("Prometheus servers, scraping, retention and remote_write."),
  alertmanager: alertmanagerConfig.describe("Alertmanager, routing timers and receivers."),
  alerts: alertsConfig.describe("Alert thresholds, per-model overrides and switches."),
  exporter: exporterConfig.describe("The LLM metrics exporter: proxy, upstreams, guards, audit log."),
  grafana: grafanaConfig.describe("Grafana: deployed by the stack, or an existing one managed through its API."),
  gpu: gpuConfig.describe("The NVIDIA DCGM exporter on GPU nodes."),
  nodeExporter: nodeExporterConfig.describe("The Prometheus node exporter for the infrastructure rules."),
  logging: loggingConfig.describe("Fluentd and Elasticsearch."),
  tracing: tracingConfig.describe("Jaeger."),
});
export type StackConfig = z.infer<typeof stackConfig>;
