import type * as pulumi from "@pulumi/pulumi";

/** Kubernetes refuses a ConfigMap whose data exceeds 1 MiB (etcd's object size limit). */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;

/**
 * A message naming the ConfigMap and its size when `data` cannot fit in one, or undefined when it fits: checked
 * before anything is created, because the API server would only reject it halfway through an update.
 */
export function configMapSizeProblem(name: string, data: Record<string, string>): string | undefined {
  const bytes = Object.entries(data).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes <= CONFIGMAP_MAX_BYTES) return undefined;
  return `ConfigMap ${name}: ${bytes} bytes of data: expected at most ${CONFIGMAP_MAX_BYTES} (1 MiB); split or trim its files`;
}

/**
 * Metadata of a ConfigMap or Secret that a workload mounts or reads: namespace and labels, and deliberately no
 * name, so Pulumi auto-names it (`<logical name>-<random suffix>`). The Kubernetes provider replaces these objects
 * on any data change. With a fixed name the engine must delete the old object before creating the new one, and it
 * replaces whatever references it too (the reference sits in the workload's `spec`, next to a StatefulSet's
 * immutable fields), taking a whole HA pair or Alertmanager cluster down at once. With an auto-name the new object
 * is created first, the workload is updated in place to point at it, which rolls its pods one at a time under
 * their PodDisruptionBudget, and the old object is deleted last.
 */
export function mountedObjectMetadata(namespace: pulumi.Input<string>, labels: Record<string, string>) {
  return { namespace, labels };
}
