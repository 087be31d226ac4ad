import * as pulumi from "@pulumi/pulumi";
import type { AlertmanagerConfig } from "../../config";
import { stackContainer, stackVolume } from "../docker";
import { IMAGES } from "../images";
import { NOBODY, secretFile } from "../kubernetes";
import { ALERTMANAGER_CONFIG_DIR, ALERTMANAGER_DATA_DIR, ALERTMANAGER_NAME, ALERTMANAGER_PORT, ALERTMANAGER_SECRETS_DIR } from "./names";
import { alertmanagerArgs } from "./server-args";

/** What the Docker resources of Alertmanager are made from. */
export interface AlertmanagerDockerInput {
  /** Container and volume name prefix (the stack's `namespace`). */
  prefix: string;
  /** The stack's Docker network. */
  network: pulumi.Input<string>;
  /** The `alertmanager` section of the stack config. */
  alertmanager: AlertmanagerConfig;
  /** The deployed alertmanager.yml (may hold the webhook URL: uploaded as a secret). */
  config: pulumi.Input<string>;
  /** Secret key -> value, uploaded as files readable only by the server's user. */
  secrets: Record<string, pulumi.Output<string>>;
}

/** One container on the stack network: a single instance, so gossip is off. */
export function deployAlertmanagerDocker(name: string, input: AlertmanagerDockerInput, opts: pulumi.CustomResourceOptions) {
  const a = input.alertmanager;
  const volumeName = `${input.prefix}-${ALERTMANAGER_NAME}-data`;
  const volume = a.storage.enabled ? stackVolume(`${name}-data`, volumeName, opts) : undefined;
  const secretUpload = (path: string, content: pulumi.Input<string>) => ({ path, content: pulumi.secret(content), owner: NOBODY, permissions: "0400" });
  const container = stackContainer(name, {
    containerName: `${input.prefix}-${ALERTMANAGER_NAME}`,
    image: IMAGES.alertmanager,
    network: input.network,
    aliases: [ALERTMANAGER_NAME],
    command: alertmanagerArgs([]),
    files: [
      secretUpload(`${ALERTMANAGER_CONFIG_DIR}/alertmanager.yml`, input.config),
      ...Object.entries(input.secrets).map(([key, value]) => secretUpload(secretFile(ALERTMANAGER_SECRETS_DIR, key), value)),
    ],
    volumes: volume ? { [volumeName]: ALERTMANAGER_DATA_DIR } : {},
    ports: [{ internal: ALERTMANAGER_PORT }],
    resources: a.resources,
    healthcheck: ["wget", "-q", "--spider", `http://localhost:${ALERTMANAGER_PORT}/-/ready`],
  }, { ...opts, dependsOn: volume ? [volume] : [] });
  return { container, volume };
}
