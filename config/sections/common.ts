import { z } from "zod";

/**
 * A string matching `re`. `allowed` says in words what matches; error messages and the generated configuration
 * reference both use it (from the schema metadata), so they cannot drift apart and never show a raw regex.
 */
export function pattern(re: RegExp, allowed: string, title?: string) {
  return z.string().regex(re, `expected ${allowed}`).meta(title ? { title, allowed } : { allowed });
}

/** A Prometheus-style duration such as `30s`, `15d` or `1h`, greater than zero. */
export const duration = pattern(/^[1-9][0-9]*(ms|s|m|h|d|w|y)$/, "a duration like 30s, 5m, 1h or 15d (number > 0, unit ms|s|m|h|d|w|y)", "duration");

/** An alert `for:` duration; `0s` fires on the first evaluation. */
export const forDuration = pattern(/^[0-9]+(ms|s|m|h|d|w|y)$/, "a duration like 0s, 30s, 5m or 1h (unit ms|s|m|h|d|w|y)", "duration");

/** A Kubernetes quantity such as `500m`, `2`, `512Mi` or `4Gi`. */
export const quantity = pattern(/^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/, "a Kubernetes quantity like 500m, 2, 512Mi or 4Gi", "quantity");

/**
 * True when `image` names an exact version: a tag that holds a digit and is not `latest`, or a sha256 digest. A
 * floating or missing tag would let the same config deploy different code on each pull.
 */
export function isPinnedImage(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag !== undefined && tag !== "latest" && /[0-9]/.test(tag);
}

const PINNED_ALLOWED = "an image reference with an exact tag or digest, like ghcr.io/acme/llmobs-exporter:0.1.0 or ...@sha256:<64 hex> (not latest, not tagless)";

/** A container image reference pinned to an exact version (see `isPinnedImage`). */
export const pinnedImage = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._\/:@-]*$/, `expected ${PINNED_ALLOWED}`)
  .refine(isPinnedImage, `expected ${PINNED_ALLOWED}`)
  .meta({ title: "pinned image", allowed: PINNED_ALLOWED });

/** An RFC 1123 DNS label, as Kubernetes names and namespaces require. */
export const dnsLabel = pattern(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a DNS label: lowercase letters, digits and '-', at most 63 characters", "DNS label");

/** `host:port`, as Prometheus static targets and SMTP smarthosts are written. */
export const hostPort = pattern(/^[A-Za-z0-9.-]+:[0-9]{1,5}$/, "host:port like smtp.example.com:587", "host:port");

/** An absolute http(s) URL. */
export const url = z
  .url({ protocol: /^https?$/, error: "expected an http(s) URL like https://example.com/path" })
  .meta({ title: "URL", allowed: "an http(s) URL like https://example.com/path" });

export const port = z.number().int().min(1).max(65535);

/** Container resource requests and limits. */
export const resources = z.strictObject({
  requests: z.strictObject({
    cpu: quantity.describe("CPU the scheduler reserves (cores; `500m` is half a core)."),
    memory: quantity.describe("Memory the scheduler reserves (bytes; `512Mi`, `4Gi`)."),
  }).describe("Resources reserved for the container."),
  limits: z.strictObject({
    cpu: quantity.describe("CPU ceiling; the container is throttled above it."),
    memory: quantity.describe("Memory ceiling; the container is OOM-killed above it."),
  }).describe("Resource ceilings of the container."),
});
export type Resources = z.infer<typeof resources>;

/** Persistent storage for a stateful workload. */
export const storage = z.strictObject({
  enabled: z.boolean().describe("Keep data across restarts (a PersistentVolumeClaim on Kubernetes, a named volume on Docker)."),
  sizeGb: z.number().int().min(1).max(16384).describe("Volume size in GiB."),
  storageClass: dnsLabel.optional().describe("Kubernetes StorageClass of the volume. Defaults to the cluster's default class."),
});
export type Storage = z.infer<typeof storage>;
