import type * as k8s from "@pulumi/kubernetes";
import type { Resources } from "../../config";

/** Container `resources` from the config's `Resources` (requests and limits are both always set). */
export function containerResources(r: Resources): k8s.types.input.core.v1.ResourceRequirements {
  return {
    requests: { cpu: r.requests.cpu, memory: r.requests.memory },
    limits: { cpu: r.limits.cpu, memory: r.limits.memory },
  };
}

/** A PersistentVolumeClaim size from GiB (`64` -> `64Gi`). */
export function gibQuantity(sizeGb: number): string {
  return `${sizeGb}Gi`;
}
