import * as pulumi from "@pulumi/pulumi";
import type { TracingConfig } from "../../config";
import { stackContainer, stackVolume, type UploadedFile } from "../docker";
import { IMAGES } from "../images";
import { secretFile } from "../kubernetes";
import {
  JAEGER_BADGER_DIR, JAEGER_CONFIG_FILE, JAEGER_NAME, JAEGER_OTLP_GRPC_PORT, JAEGER_OTLP_HTTP_PORT, JAEGER_QUERY_PORT, JAEGER_SECRETS_DIR, JAEGER_UID,
} from "./names";

/** What the Docker resources of Jaeger are made from. */
export interface JaegerDockerInput {
  /** Container and volume name prefix (the stack's `namespace`). */
  prefix: string;
  /** The stack's Docker network. */
  network: pulumi.Input<string>;
  /** The `tracing` section of the stack config. */
  tracing: TracingConfig;
  /** The rendered config.yaml. */
  config: string;
  /** Credential files (elasticsearch backend). */
  secrets: Record<string, pulumi.Output<string>>;
}

/** One container on the stack network; the UI and OTLP ports on 127.0.0.1, badger data on a named volume. */
export function deployJaegerDocker(name: string, input: JaegerDockerInput, opts: pulumi.CustomResourceOptions) {
  const t = input.tracing;
  const volumeName = `${input.prefix}-${JAEGER_NAME}-badger`;
  const volume = t.backend === "badger" ? stackVolume(`${name}-badger`, volumeName, opts) : undefined;
  const files: UploadedFile[] = [
    { path: JAEGER_CONFIG_FILE, content: input.config },
    ...Object.entries(input.secrets).map(([key, content]) => ({ path: secretFile(JAEGER_SECRETS_DIR, key), content, owner: JAEGER_UID, permissions: "0400" })),
  ];
  const container = stackContainer(name, {
    containerName: `${input.prefix}-${JAEGER_NAME}`,
    image: IMAGES.jaeger,
    network: input.network,
    aliases: [JAEGER_NAME],
    command: ["--config", JAEGER_CONFIG_FILE],
    files,
    volumes: volume ? { [volumeName]: JAEGER_BADGER_DIR } : {},
    ports: [{ internal: JAEGER_QUERY_PORT }, { internal: JAEGER_OTLP_GRPC_PORT }, { internal: JAEGER_OTLP_HTTP_PORT }],
    resources: t.resources,
  }, { ...opts, dependsOn: volume ? [volume] : [] });
  return { container };
}
