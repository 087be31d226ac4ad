import * as pulumi from "@pulumi/pulumi";
import { ConfigError, type SecretKey } from "../../config";

/**
 * Credentials reach a process as files, one per secret key and named after it (`<dir>/slackWebhookUrl`), mounted
 * from a Kubernetes Secret or uploaded into a Docker container. Rendered configs name the file, never the value.
 */
export function secretFile(dir: string, key: string): string {
  return `${dir}/${key}`;
}

/**
 * The values of `keys` from `secrets`, each wrapped as a Pulumi secret so that state and previews mask it even
 * when the caller passed a plain string. Throws a ConfigError naming every missing key and who needs it.
 */
export function pickSecrets(
  keys: readonly SecretKey[],
  secrets: Partial<Record<SecretKey, pulumi.Input<string>>>,
  neededBy: string,
): Record<string, pulumi.Output<string>> {
  const missing = keys.filter((k) => secrets[k] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(missing.map((k) => `llmobs:${k} = (unset): expected a secret because ${neededBy} references it (pulumi config set --secret llmobs:${k} ...)`));
  }
  return Object.fromEntries(keys.map((k) => [k, pulumi.secret(secrets[k]!)]));
}
