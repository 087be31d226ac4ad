import { CONFIG_NAMESPACE, SECRET_KEYS, loadStackConfig, readStackFile, secretsToSet, type StackFile } from "../config";

/**
 * The stand-in value of a secret the committed stack files leave out (they hold no ciphertext). Never deployed:
 * `render` redacts secrets from the bundle and refuses to write a file that still holds one.
 */
export function fixtureSecret(fullKey: string): string {
  return `[fixture ${fullKey}]`;
}

/**
 * A stack file's config as the program sees it once a user has run the `pulumi config set --secret` steps the README
 * lists: the file's plain values, plus a fixture value for every secret the config needs (or is recommended) and the file lacks. Lets
 * `render`, `policy`, the demo and the tests build the committed stacks with no Pulumi secrets provider.
 */
export function readStackWithFixtureSecrets(path: string): StackFile {
  const file = readStackFile(path);
  // Secrets never shape the plain config, so a first load with every secret filled in tells which ones it needs.
  const everySecret = Object.fromEntries(SECRET_KEYS.map((k) => [`${CONFIG_NAMESPACE}:${k}`, fixtureSecret(`${CONFIG_NAMESPACE}:${k}`)]));
  const { config } = loadStackConfig({ ...everySecret, ...file.config });
  const missing = secretsToSet(config).map((k) => `${CONFIG_NAMESPACE}:${k}`).filter((k) => file.config[k] === undefined);
  return {
    config: { ...file.config, ...Object.fromEntries(missing.map((k) => [k, fixtureSecret(k)])) },
    secretKeys: [...file.secretKeys, ...missing],
  };
}
