import * as pulumi from "@pulumi/pulumi";
import type { PrometheusConfig } from "../../config";
import { stackContainer, stackVolume, type UploadedFile } from "../docker";
import { IMAGES } from "../images";
import { NOBODY, secretFile } from "../kubernetes";
import { PROMETHEUS_CONFIG_DIR, PROMETHEUS_DATA_DIR, PROMETHEUS_NAME, PROMETHEUS_PORT, PROMETHEUS_SECRETS_DIR, RULES_SUBDIR } from "./names";
import { prometheusArgs } from "./server-args";

/** What the Docker resources of Prometheus are made from. */
export interface PrometheusDockerInput {
  /** Container and volume name prefix (the stack's `namespace`). */
  prefix: string;
  /** The stack's Docker network. */
  network: pulumi.Input<string>;
  /** The `prometheus` section of the stack config. */
  prometheus: PrometheusConfig;
  /** prometheus.yml. */
  config: string;
  /** Rule file name -> content. */
  rules: Record<string, string>;
  /** Secret key -> value, uploaded as files readable only by the server's user. */
  secrets: Record<string, pulumi.Output<string>>;
}

/** One container on the stack network, config uploaded, TSDB on a named volume when storage is enabled. */
export function deployPrometheusDocker(name: string, input: PrometheusDockerInput, opts: pulumi.CustomResourceOptions) {
  const p = input.prometheus;
  const volumeName = `${input.prefix}-${PROMETHEUS_NAME}-data`;
  const volume = p.storage.enabled ? stackVolume(`${name}-data`, volumeName, opts) : undefined;
  const files: UploadedFile[] = [
    { path: `${PROMETHEUS_CONFIG_DIR}/prometheus.yml`, content: input.config },
    ...Object.keys(input.rules).sort().map((f) => ({ path: `${PROMETHEUS_CONFIG_DIR}/${RULES_SUBDIR}/${f}`, content: input.rules[f]! })),
    ...Object.entries(input.secrets).map(([key, content]) => ({
      path: secretFile(PROMETHEUS_SECRETS_DIR, key), content, owner: NOBODY, permissions: "0400",
    })),
  ];
  const container = stackContainer(name, {
    containerName: `${input.prefix}-${PROMETHEUS_NAME}`,
    image: IMAGES.prometheus,
    network: input.network,
    aliases: [PROMETHEUS_NAME],
    command: prometheusArgs(p),
    files,
    volumes: volume ? { [volumeName]: PROMETHEUS_DATA_DIR } : {},
    ports: [{ internal: PROMETHEUS_PORT }],
    resources: p.resources,
    healthcheck: ["wget", "-q", "--spider", `http://localhost:${PROMETHEUS_PORT}/-/ready`],
  }, { ...opts, dependsOn: volume ? [volume] : [] });
  return { container, volume };
}
