import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import { stackContainer, stackVolume } from "../docker";
import { AUDIT_LOG_DIR } from "./environment";
import { HEALTHCHECK_COMMAND } from "./image";
import { EXPORTER_NAME, type ExporterWorkload } from "./workload";

/** Where the local stack runs the exporter. */
export interface ExporterDockerPlacement {
  /** Prefix of container and volume names on the host (the stack's `namespace`), e.g. `llmobs`. */
  prefix: string;
  /** Docker network the container joins. */
  network: pulumi.Input<string>;
}

/**
 * Declares the exporter on Docker: one container on the stack network, reachable there as `llm-exporter`, its
 * port published on 127.0.0.1 only, audit logs on a named volume so they outlive the container.
 */
export function exporterOnDocker(name: string, w: ExporterWorkload, at: ExporterDockerPlacement, opts: pulumi.CustomResourceOptions): docker.Container {
  const auditVolume = `${at.prefix}-${EXPORTER_NAME}-audit`;
  const audit = stackVolume(`${name}-audit`, auditVolume, opts);
  return stackContainer(name, {
    containerName: `${at.prefix}-${EXPORTER_NAME}`,
    image: w.image,
    network: at.network,
    aliases: [EXPORTER_NAME],
    // Docker has no Secret object: credentials go in the container env, as secret Outputs so state masks them.
    env: { ...w.env, ...w.secretEnv },
    volumes: { [auditVolume]: AUDIT_LOG_DIR },
    ports: [{ internal: w.exporter.port }],
    resources: w.exporter.resources,
    healthcheck: [...HEALTHCHECK_COMMAND],
  }, { ...opts, dependsOn: [audit] });
}
