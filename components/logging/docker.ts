import * as pulumi from "@pulumi/pulumi";
import type { LoggingConfig } from "../../config";
import { stackContainer, stackVolume } from "../docker";
import { IMAGES } from "../images";
import { elasticsearchSettings } from "./elasticsearch-env";
import { FLUENTD_PASSWORD_ENV } from "./fluent-conf";
import { KIBANA_RESOURCES, kibanaEnv } from "./kibana";
import { ELASTICSEARCH_NAME, ELASTICSEARCH_PORT, FLUENTD_CONFIG_DIR, FLUENTD_NAME, FLUENTD_STATE_DIR, KIBANA_NAME, KIBANA_PORT } from "./names";
import { RETENTION_DIR } from "./retention";

/** What the Docker variant of the log pipeline is made from. */
export interface LoggingDockerInput {
  /** Container and volume name prefix (the stack's `namespace`). */
  prefix: string;
  network: pulumi.Input<string>;
  /** The `logging` section of the stack config (one Elasticsearch node on Docker). */
  logging: LoggingConfig;
  /** The rendered fluent.conf (Docker json-file source). */
  fluentConf: string;
  /** The retention files. */
  retention: Record<string, string>;
  /** `elasticsearchPassword`, and `kibanaSystemPassword` with Kibana, as secret Outputs. */
  secrets: Record<string, pulumi.Output<string>>;
}

/**
 * The local stack's log pipeline: one Elasticsearch container (data on a named volume), Fluentd reading the
 * Docker engine's json-file logs (bind-mounted read-only) with its buffer on a named volume, a run-once container
 * applying the retention policy, and Kibana when enabled. Docker has no Secret object: passwords go into the
 * containers' environment as secret Outputs, masked in state.
 */
export function deployLoggingDocker(name: string, input: LoggingDockerInput, opts: pulumi.CustomResourceOptions) {
  const l = input.logging;
  const password = input.secrets.elasticsearchPassword!;
  const esVolume = `${input.prefix}-${ELASTICSEARCH_NAME}-data`;
  const fluentdVolume = `${input.prefix}-${FLUENTD_NAME}-state`;
  const volumes = [stackVolume(`${name}-es-data`, esVolume, opts), stackVolume(`${name}-fluentd-state`, fluentdVolume, opts)];
  const deps = { ...opts, dependsOn: volumes };

  const elasticsearch = stackContainer(`${name}-elasticsearch`, {
    containerName: `${input.prefix}-${ELASTICSEARCH_NAME}`,
    image: IMAGES.elasticsearch,
    network: input.network,
    aliases: [ELASTICSEARCH_NAME],
    // One host, one node: whatever `replicas` says for the clusters.
    env: { ...elasticsearchSettings({ ...l.elasticsearch, replicas: 1 }), ELASTIC_PASSWORD: password },
    volumes: { [esVolume]: "/usr/share/elasticsearch/data" },
    ports: [{ internal: ELASTICSEARCH_PORT }],
    resources: l.elasticsearch.resources,
  }, deps);
  stackContainer(`${name}-retention`, {
    containerName: `${input.prefix}-${ELASTICSEARCH_NAME}-retention`,
    image: IMAGES.elasticsearch,
    network: input.network,
    aliases: [`${ELASTICSEARCH_NAME}-retention`],
    entrypoint: ["bash", `${RETENTION_DIR}/apply-retention.sh`],
    env: { ELASTIC_PASSWORD: password, ...(l.kibana ? { KIBANA_SYSTEM_PASSWORD: input.secrets.kibanaSystemPassword! } : {}) },
    files: Object.entries(input.retention).map(([file, content]) => ({ path: `${RETENTION_DIR}/${file}`, content })),
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
    runOnce: true,
  }, { ...opts, dependsOn: [elasticsearch] });
  stackContainer(`${name}-fluentd`, {
    containerName: `${input.prefix}-${FLUENTD_NAME}`,
    image: IMAGES.fluentd,
    network: input.network,
    aliases: [FLUENTD_NAME],
    env: { [FLUENTD_PASSWORD_ENV]: password },
    files: [{ path: `${FLUENTD_CONFIG_DIR}/fluent.conf`, content: input.fluentConf }],
    volumes: { [fluentdVolume]: FLUENTD_STATE_DIR },
    readOnlyBinds: { "/var/lib/docker/containers": "/var/lib/docker/containers" },
    // The engine's log files are root-only.
    user: "0",
    resources: l.fluentd.resources,
  }, deps);
  if (l.kibana) {
    stackContainer(`${name}-kibana`, {
      containerName: `${input.prefix}-${KIBANA_NAME}`,
      image: IMAGES.kibana,
      network: input.network,
      aliases: [KIBANA_NAME],
      env: { ...kibanaEnv(), ELASTICSEARCH_PASSWORD: input.secrets.kibanaSystemPassword! },
      ports: [{ internal: KIBANA_PORT }],
      resources: KIBANA_RESOURCES,
    }, { ...opts, dependsOn: [elasticsearch] });
  }
}
