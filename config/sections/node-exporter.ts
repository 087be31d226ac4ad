import { z } from "zod";
import { resources } from "./common";

export const nodeExporterConfig = z.strictObject({
  enabled: z.boolean().describe("Run the Prometheus node exporter on every node (a DaemonSet; one container on docker) for the node:* and network:* infrastructure rules."),
  resources: resources.describe("CPU and memory of each node exporter container."),
});
export type NodeExporterConfig = z.infer<typeof nodeExporterConfig>;
