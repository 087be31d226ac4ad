import * as pulumi from "@pulumi/pulumi";
import type { GrafanaConfig } from "../../config";
import { stackContainer, stackVolume } from "../docker";
import { IMAGES } from "../images";
import { GRAFANA_DASHBOARDS_DIR, GRAFANA_DATA_DIR, GRAFANA_NAME, GRAFANA_PORT, GRAFANA_PROVISIONING_DIR, GRAFANA_SECRETS_DIR, GRAFANA_UID } from "./names";

/** What the Docker resources of Grafana are made from. */
export interface GrafanaDockerInput {
  prefix: string;
  network: pulumi.Input<string>;
  grafana: GrafanaConfig;
  provisioning: Record<string, string>;
  dashboardGroups: Record<string, string>[];
  env: Record<string, string>;
  /** Secret files by name (admin password, datasource passwords), uploaded into the secrets directory. */
  secretFiles: Record<string, pulumi.Output<string>>;
}

/** One container with the same provisioning files and dashboards as on Kubernetes, published on 127.0.0.1:3000. */
export function deployGrafanaDocker(name: string, input: GrafanaDockerInput, opts: pulumi.CustomResourceOptions) {
  const volumeName = `${input.prefix}-${GRAFANA_NAME}-data`;
  const volume = input.grafana.storage.enabled ? stackVolume(`${name}-data`, volumeName, opts) : undefined;
  const container = stackContainer(name, {
    containerName: `${input.prefix}-${GRAFANA_NAME}`,
    image: IMAGES.grafana,
    network: input.network,
    aliases: [GRAFANA_NAME],
    env: input.env,
    files: [
      ...Object.entries(input.provisioning).map(([path, content]) => ({ path: `${GRAFANA_PROVISIONING_DIR}/${path}`, content })),
      ...input.dashboardGroups.flatMap((files, i) => Object.entries(files).map(([file, content]) => ({ path: `${GRAFANA_DASHBOARDS_DIR}/${i}/${file}`, content }))),
      ...Object.entries(input.secretFiles).map(([file, content]) => ({
        path: `${GRAFANA_SECRETS_DIR}/${file}`, content: pulumi.secret(content), owner: GRAFANA_UID, permissions: "0400",
      })),
    ],
    volumes: volume ? { [volumeName]: GRAFANA_DATA_DIR } : {},
    ports: [{ internal: GRAFANA_PORT }],
    resources: input.grafana.resources,
    healthcheck: ["wget", "-q", "--spider", `http://localhost:${GRAFANA_PORT}/api/health`],
  }, { ...opts, dependsOn: volume ? [volume] : [] });
  return { container, volume };
}
