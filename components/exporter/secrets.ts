import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../config";
import { METRICS_USERNAME } from "./environment";

/** Credentials of the exporter, as Pulumi secrets (`pulumi config set --secret llmobs:<key>`). */
export interface ExporterSecrets {
  /** Bearer token clients must send on /v1/* when `exporter.proxyAuth` is true. Defaults to none. */
  exporterApiToken?: pulumi.Input<string>;
  /** Password of user `prometheus` on /metrics when `exporter.metricsAuth` is true. Defaults to none. */
  exporterMetricsPassword?: pulumi.Input<string>;
}

/**
 * The credential variables the config switches on, with their values: the proxy token when `proxyAuth`, the
 * /metrics basic-auth pair when `metricsAuth`. A variable being set is what enables the check in the exporter, so
 * a secret whose switch is off is left out rather than passed along. Values are wrapped with `pulumi.secret` so a
 * caller passing a plain string still gets them masked in state. Throws, naming the config key, when a switched-on
 * credential has no value.
 */
export function secretEnvironment(config: StackConfig, secrets: ExporterSecrets): Record<string, pulumi.Input<string>> {
  const need = (key: keyof ExporterSecrets, because: string): pulumi.Input<string> => {
    const value = secrets[key];
    if (value === undefined) {
      throw new Error(`LlmExporter: secrets.${key} is not set, but ${because} requires it (pulumi config set --secret llmobs:${key} ...)`);
    }
    return pulumi.secret(value);
  };
  return {
    ...(config.exporter.proxyAuth ? { LLMOBS_API_TOKEN: need("exporterApiToken", "exporter.proxyAuth = true") } : {}),
    ...(config.exporter.metricsAuth
      ? { LLMOBS_METRICS_USERNAME: METRICS_USERNAME, LLMOBS_METRICS_PASSWORD: need("exporterMetricsPassword", "exporter.metricsAuth = true") }
      : {}),
  };
}
