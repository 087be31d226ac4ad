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
