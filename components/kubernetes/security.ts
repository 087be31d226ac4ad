import type * as k8s from "@pulumi/kubernetes";

type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;

/** The unprivileged user the upstream Prometheus/Alertmanager images run as (`nobody`). */
export const NOBODY = 65534;

/**
 * Pod-level context for a non-root workload. `fsGroup` makes mounted volumes (PVCs, Secrets) readable and
 * writable by that user without an init container running chown as root.
 */
export function podSecurityContext(uid: number = NOBODY): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    fsGroupChangePolicy: "OnRootMismatch",
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Container-level context meeting the `restricted` Pod Security Standard, with a read-only root filesystem. */
export function containerSecurityContext(): SecurityContext {
  return {
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}
