import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { ExporterConfig } from "../../config";
import { stackContainer } from "../docker";

/** DNS name of the simulator on the Docker network: the local stack's upstream is `http://simulator:8000`. */
export const SIMULATOR_NAME = "simulator";
export const SIMULATOR_PORT = 8000;

/** Where the compiled simulator lives in the exporter image (see exporter/Dockerfile). */
export const SIMULATOR_MAIN = "exporter/dist/exporter/simulator/main.js";

/** The simulator's arguments, from the `exporter.simulator` config. Pure, so it can be checked on its own. */
export function simulatorArguments(s: ExporterConfig["simulator"]): string[] {
  return [
    "--host", "0.0.0.0", "--port", String(SIMULATOR_PORT),
    "--models", s.models.join(","), "--ttft-ms", String(s.ttftMs), "--tpot-ms", String(s.tpotMs),
  ];
}

/**
 * The OpenAI-compatible LLM simulator as a container on the stack network, from the exporter's own image (it ships
 * the compiled simulator), so the local stack has an upstream to measure on a machine without a GPU server.
 */
export function simulatorOnDocker(
  name: string,
  args: { prefix: string; network: pulumi.Input<string>; image: pulumi.Input<string>; exporter: ExporterConfig },
  opts: pulumi.CustomResourceOptions,
): docker.Container {
  return stackContainer(name, {
    containerName: `${args.prefix}-${SIMULATOR_NAME}`,
    image: args.image,
    network: args.network,
    aliases: [SIMULATOR_NAME],
    entrypoint: ["node", SIMULATOR_MAIN],
    command: simulatorArguments(args.exporter.simulator),
    ports: [{ internal: SIMULATOR_PORT }],
    resources: args.exporter.resources,
  }, opts);
}
