import { z } from "zod";
import { dnsLabel } from "./sections/common";
import { prometheusConfig } from "./sections/prometheus";
import { alertmanagerConfig } from "./sections/alertmanager";
import { alertsConfig } from "./sections/alerts";
import { exporterConfig } from "./sections/exporter";

export const ENVIRONMENTS = ["local", "dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Everything an environment decides. Read from the `llmobs:*` keys of `stacks/Pulumi.<stack>.yaml`. */
export const stackConfig = z.strictObject({
  environment: z.enum(ENVIRONMENTS),
  /** `docker` runs everything as containers on one host (local); `kubernetes` for dev/staging/prod. */
  platform: z.enum(["docker", "kubernetes"]),
  /** Kubernetes namespace (or Docker name prefix) for every object. */
  namespace: dnsLabel,
  /** Value of the `cluster` external label, used by Alertmanager grouping. */
  cluster: z.string().min(1).max(63),
  prometheus: prometheusConfig,
  alertmanager: alertmanagerConfig,
  alerts: alertsConfig,
  exporter: exporterConfig,
});
export type StackConfig = z.infer<typeof stackConfig>;

/**
 * Secret config keys (`pulumi config set --secret llmobs:<key>`). They are kept apart from the plain config so
 * that rendered configs reference files/Secrets and never hold a credential.
 */
export const SECRET_KEYS = [
  "slackWebhookUrl", "pagerdutyServiceKey", "smtpPassword", "webhookUrl", "remoteWritePassword",
  "targetBasicAuthPassword", "exporterApiToken", "exporterMetricsPassword",
] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];
