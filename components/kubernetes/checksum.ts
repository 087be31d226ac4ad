import { createHash } from "node:crypto";

/** The pod-template annotation holding the config checksum. */
export const CONFIG_CHECKSUM_ANNOTATION = "llmobs.io/config-checksum";

/**
 * A SHA-256 over a set of files, independent of key order. Put in the pod template so that a config change
 * changes the template and rolls the pods even where the mounted object keeps its name: a Kubernetes provider set up
 * with `enableConfigMapMutable` updates ConfigMaps in place, and most servers never reload a changed file.
 */
export function configChecksum(files: Record<string, string>): string {
  const hash = createHash("sha256");
  for (const key of Object.keys(files).sort()) hash.update(key).update("\0").update(files[key]!).update("\0");
  return hash.digest("hex");
}
