import { z } from "zod";

/** A Prometheus-style duration such as `30s`, `15d` or `1h`. */
export const duration = z.string().regex(/^[0-9]+(ms|s|m|h|d|w|y)$/, "expected a duration like 30s, 5m, 1h or 15d");

/** A Kubernetes quantity such as `500m`, `2`, `512Mi` or `4Gi`. */
export const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/, "expected a Kubernetes quantity like 500m, 2, 512Mi or 4Gi");

/** An RFC 1123 DNS label, as Kubernetes names and namespaces require. */
export const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "expected a DNS label: lowercase letters, digits and '-', at most 63 characters");

/** Container resource requests and limits. */
export const resources = z.strictObject({
  requests: z.strictObject({ cpu: quantity, memory: quantity }),
  limits: z.strictObject({ cpu: quantity, memory: quantity }),
});
export type Resources = z.infer<typeof resources>;

/** Persistent storage for a stateful workload. */
export const storage = z.strictObject({
  /** Whether data survives a pod/container restart (PVC on Kubernetes, a named volume on Docker). */
  enabled: z.boolean(),
  /** Volume size in GiB. */
  sizeGb: z.number().int().min(1).max(16384),
  /** Kubernetes StorageClass; the cluster default when unset. */
  storageClass: dnsLabel.optional(),
});
export type Storage = z.infer<typeof storage>;

export const port = z.number().int().min(1).max(65535);
export const url = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });
