import { coerce } from "./coerce";
import { ConfigError, problemLine, showValue } from "./errors";
import { deepMerge, environmentDefaults } from "./defaults";
import { describeIssue, schemaAt } from "./explain";
import { CONFIG_NAMESPACE } from "./namespace";
import { ENVIRONMENTS, stackConfig, type Environment, type StackConfig } from "./schema";
import { SECRET_KEYS, requiredSecrets, type SecretKey } from "./secrets";
import { crossFieldProblems } from "./validate";

/** Validated plain config plus the secret values (still to be wrapped with pulumi.secret by the caller). */
export interface LoadedConfig {
  config: StackConfig;
  secrets: Partial<Record<SecretKey, string>>;
}

/** Options of loadStackConfig. */
export interface LoadOptions {
  /**
   * Full keys (`llmobs:slackWebhookUrl`) the stack stores encrypted, as readStackFile returns them. When given,
   * a secret key set in plain text is an error. Defaults to undefined: no check (the caller cannot tell).
   */
  secretKeys?: readonly string[];
}

const isSecretKey = (key: string): key is SecretKey => (SECRET_KEYS as readonly string[]).includes(key);

/**
 * Parses a value as Pulumi stores it: objects, numbers and booleans arrive as JSON text, and numbers or booleans
 * inside objects may be strings (see coerce). Keys whose schema is a string keep the text as-is, so
 * `pulumi config set llmobs:cluster 123` stays the string "123".
 */
function decode(key: string, value: string): unknown {
  const node = schemaAt([key]);
  if (node?.type === "string") return value;
  try {
    return coerce(JSON.parse(value), node);
  } catch {
    return value;
  }
}

/**
 * Turns the raw config of a stack (as `pulumi.runtime.allConfig()` returns it) into a validated StackConfig, or
 * throws a ConfigError with one line per problem naming the key, its value and what is allowed. Keys outside the
 * `llmobs` namespace (e.g. `kubernetes:context`) are ignored.
 */
export function loadStackConfig(all: Record<string, string>, options: LoadOptions = {}): LoadedConfig {
  const { raw, secrets, problems: keyProblems } = splitKeys(all, options);
  if (!(ENVIRONMENTS as readonly unknown[]).includes(raw.environment)) {
    const allowed = `one of ${ENVIRONMENTS.map((e) => `"${e}"`).join(" | ")}`;
    throw new ConfigError([problemLine(["environment"], raw.environment, allowed), ...keyProblems]);
  }
  const merged = deepMerge(environmentDefaults(raw.environment as Environment), raw);
  const parsed = stackConfig.safeParse(merged);
  if (!parsed.success) throw new ConfigError([...parsed.error.issues.flatMap((i) => describeIssue(i, merged)), ...keyProblems]);

  const problems = [...crossFieldProblems(parsed.data), ...missingSecrets(parsed.data, secrets), ...keyProblems];
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: parsed.data, secrets };
}

/** Sorts the `llmobs:*` keys into plain values and secrets, with the problems visible from the keys alone. */
function splitKeys(all: Record<string, string>, options: LoadOptions) {
  const raw: Record<string, unknown> = {};
  const secrets: Partial<Record<SecretKey, string>> = {};
  const problems: string[] = [];
  for (const [fullKey, value] of Object.entries(all)) {
    const colon = fullKey.indexOf(":");
    if (fullKey.slice(0, colon) !== CONFIG_NAMESPACE) continue;
    const key = fullKey.slice(colon + 1);
    if (isSecretKey(key)) {
      secrets[key] = value;
      // The value is a credential: say where it is, never what it is.
      if (options.secretKeys && !options.secretKeys.includes(fullKey)) {
        problems.push(`${fullKey} = (plain text, not shown): expected a secret (pulumi config set --secret ${fullKey} <value>)`);
      }
    } else if (key.includes(".")) {
      // Pulumi stores `llmobs:a.b` as one flat key; only `--path` or a YAML map nests it.
      const section = `${CONFIG_NAMESPACE}:${key.slice(0, key.indexOf("."))}`;
      problems.push(`${fullKey} = ${showValue(value)}: expected the key nested under ${section} as a YAML map, or set with pulumi config set --path '${fullKey}' <value>`);
    } else raw[key] = decode(key, value);
  }
  return { raw, secrets, problems };
}

function missingSecrets(c: StackConfig, secrets: Partial<Record<SecretKey, string>>): string[] {
  return requiredSecrets(c)
    .filter(([key]) => !secrets[key])
    .map(([key, why]) => `${CONFIG_NAMESPACE}:${key} = (unset): expected a secret because ${why} (pulumi config set --secret ${CONFIG_NAMESPACE}:${key} <value>)`);
}
