import type * as pulumi from "@pulumi/pulumi";
import type { ExporterConfig } from "../../config";

/** Stable name of the exporter's Kubernetes objects and its DNS name on the Docker network. */
export const EXPORTER_NAME = "llm-exporter";

export { EXPORTER_JOB } from "../../catalog";

/** Name of the one port serving the proxy, /metrics and the health endpoints. */
export const EXPORTER_PORT_NAME = "http";

/** Everything a platform needs to run the exporter, already resolved from the stack config. */
export interface ExporterWorkload {
  /** The `exporter` section of the stack config. */
  exporter: ExporterConfig;
  /** Image reference with an exact tag. */
  image: pulumi.Input<string>;
  /** Image tag, for the `app.kubernetes.io/version` label; undefined when a prebuilt image of unknown tag is used. */
  version: string | undefined;
  /** Non-secret environment, from `exporterEnvironment`. */
  env: Record<string, string>;
  /** Credential environment, from `secretEnvironment`. */
  secretEnv: Record<string, pulumi.Input<string>>;
}
