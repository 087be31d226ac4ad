import { z } from "zod";
import { dnsLabel, pattern, resources } from "./common";

const labelKey = pattern(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/, "a Kubernetes label key like nvidia.com/gpu.present");

export const gpuConfig = z.strictObject({
  enabled: z.boolean().describe("Run the NVIDIA DCGM exporter on GPU nodes and map its metrics into the catalog's GPU gauges."),
  nodeSelector: z.record(labelKey, z.string()).describe("Node labels that select the GPU nodes of the DaemonSet."),
  tolerations: z.array(z.strictObject({
    key: labelKey.describe("Taint key to tolerate."),
    operator: z.enum(["Exists", "Equal"]).describe("`Exists` tolerates any value; `Equal` only `value`."),
    value: z.string().optional().describe("Taint value (operator Equal)."),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional().describe("Taint effect to tolerate. Defaults to every effect."),
  })).describe("Taints of the GPU nodes the DaemonSet tolerates."),
  runtimeClassName: dnsLabel.optional().describe("RuntimeClass that exposes the GPUs (e.g. `nvidia`). Defaults to the node's default runtime."),
  resources: resources.describe("CPU and memory of each DCGM exporter container."),
});
export type GpuConfig = z.infer<typeof gpuConfig>;
