import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { ConfigError } from "./errors";
import { isPlainObject } from "./values";

/** A stack file's config in the flat form `pulumi.runtime.allConfig()` returns, and which keys are secret. */
export interface StackFile {
  /** Full key (`llmobs:prometheus`, `kubernetes:context`) to value; objects, numbers and booleans as JSON text. */
  config: Record<string, string>;
  /** Full keys whose value was `secure:` (or held a `secure:` value); their values are placeholders. */
  secretKeys: string[];
}

const isSecure = (v: unknown): v is { secure: string } => isPlainObject(v) && Object.keys(v).length === 1 && typeof v.secure === "string";

/**
 * Replaces every `{ secure: <ciphertext> }` inside `value` by a placeholder. Ciphertext needs the Pulumi CLI and
 * the stack's secrets provider to decrypt, which this machine does not have.
 */
function redactSecure(value: unknown, key: string, found: { secure: boolean }): unknown {
  if (isSecure(value)) {
    found.secure = true;
    return `[secret ${key}]`;
  }
  if (Array.isArray(value)) return value.map((v) => redactSecure(v, key, found));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecure(v, key, found)]));
  return value;
}

/** Parses the text of a `Pulumi.<stack>.yaml`; `source` names it in errors. */
export function parseStackFile(text: string, source: string): StackFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new ConfigError([`${source}: not valid YAML: ${(e as Error).message.split("\n")[0]}`]);
  }
  const config = doc === null || doc === undefined ? {} : isPlainObject(doc) ? (doc.config ?? {}) : undefined;
  if (!isPlainObject(config)) throw new ConfigError([`${source}: expected a YAML map with a \`config:\` map of namespaced keys`]);

  const flat: Record<string, string> = {};
  const secretKeys: string[] = [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (!/^[A-Za-z0-9_.-]+:.+$/.test(key)) {
      problems.push(`${source}: config key ${JSON.stringify(key)}: expected a namespaced key like llmobs:environment`);
      continue;
    }
    const found = { secure: false };
    const plain = redactSecure(value, key, found);
    if (found.secure) secretKeys.push(key);
    flat[key] = typeof plain === "string" ? plain : JSON.stringify(plain ?? null);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: flat, secretKeys };
}

/** Reads `stacks/Pulumi.<stack>.yaml` into the flat config a Pulumi program would see, secrets as placeholders. */
export function readStackFile(path: string): StackFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError([`${path}: cannot read the stack file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  return parseStackFile(text, path);
}
