import { CONFIG_NAMESPACE } from "./namespace";

/** A configuration mistake a person can fix: one line per problem, naming the key, the value and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
    // A stack trace points into the loader, not at the stack file; people need only the lines.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * What a CLI prints for an error thrown while loading config: for a ConfigError a heading and one indented line
 * per problem (never a stack trace); anything else is a bug and keeps its stack.
 */
export function formatConfigError(e: unknown): string {
  if (!(e instanceof ConfigError)) return e instanceof Error ? (e.stack ?? e.message) : String(e);
  const n = e.problems.length;
  return [`invalid stack configuration (${n} problem${n === 1 ? "" : "s"}):`, ...e.problems.map((p) => `  ${p}`)].join("\n");
}

/** Shows a bad value the way it would be written in the stack file, cut short if long. */
export function showValue(value: unknown): string {
  const text = value === undefined ? "(unset)" : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The full key of a value, as `pulumi config set --path` spells it: `llmobs:prometheus.retentionTime`,
 * `llmobs:exporter.upstreams[1].url`, `llmobs:alerts.modelOverrides["llama-3.1-70b"].ttftP95WarningMs`.
 */
export function keyName(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map((k) => (typeof k === "symbol" ? k.toString() : k));
  let key = `${CONFIG_NAMESPACE}:${head ?? ""}`;
  for (const k of rest) {
    if (typeof k === "number") key += `[${k}]`;
    else key += /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
  }
  return key;
}

/** One problem line: `llmobs:<key> = <value>: expected <allowed>`. */
export function problemLine(path: readonly PropertyKey[], value: unknown, allowed: string): string {
  return `${keyName(path)} = ${showValue(value)}: expected ${allowed}`;
}
