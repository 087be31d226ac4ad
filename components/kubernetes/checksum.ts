import { createHash } from "node:crypto";

/** The pod-template annotation holding the config checksum. */
export const CONFIG_CHECKSUM_ANNOTATION = "llmobs.io/config-checksum";

/**
 * A SHA-256 over a set of files, independent of key order. Put in the pod template so that a config change
 * changes the template and rolls the pods: mounted ConfigMaps update in place but most servers never reload.
 */
export function configChecksum(files: Record<string, string>): string {
  const hash = createHash("sha256");
  for (const key of Object.keys(files).sort()) hash.update(key).update("\0").update(files[key]!).update("\0");
  return hash.digest("hex");
}
