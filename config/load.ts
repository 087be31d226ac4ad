import { z } from "zod";
import { ConfigError, showValue } from "./errors";
import { deepMerge, environmentDefaults } from "./defaults";
import { ENVIRONMENTS, SECRET_KEYS, stackConfig, type SecretKey, type StackConfig } from "./schema";
import { crossFieldProblems } from "./validate";

export const CONFIG_NAMESPACE = "llmobs";

/** Validated plain config plus the secret values (still to be wrapped with pulumi.secret by the caller). */
export interface LoadedConfig {
  config: StackConfig;
  secrets: Partial<Record<SecretKey, string>>;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), root);
}

function describe(issue: z.core.$ZodIssue, input: unknown, defaults: unknown): string[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const known = valueAt(defaults, issue.path);
    const allowed = known && typeof known === "object" ? ` (known keys: ${Object.keys(known).join(", ")})` : "";
    return issue.keys.map((k) => `llmobs:${[...path, k].join(".")} = ${showValue(valueAt(input, [...issue.path, k]))}: unknown key${allowed}`);
  }
  const key = path.join(".") || "(root)";
  return [`llmobs:${key} = ${showValue(valueAt(input, issue.path))}: ${issue.message}`];
}

/** Parses a config value as Pulumi stores it: objects and numbers arrive as JSON strings. */
function decode(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Turns the raw `llmobs:*` config of a stack (as `pulumi.runtime.allConfig()` returns it) into a validated
 * StackConfig, or throws a ConfigError whose lines each name a key, its value and what is allowed.
 */
export function loadStackConfig(all: Record<string, string>): LoadedConfig {
  const raw: Record<string, unknown> = {};
  const secrets: Partial<Record<SecretKey, string>> = {};
  for (const [fullKey, value] of Object.entries(all)) {
    const [ns, key] = fullKey.split(":", 2) as [string, string | undefined];
    if (ns !== CONFIG_NAMESPACE || key === undefined) continue;
    if ((SECRET_KEYS as readonly string[]).includes(key)) secrets[key as SecretKey] = value;
    else raw[key] = decode(value);
  }

  const environment = raw.environment;
  if (!(ENVIRONMENTS as readonly unknown[]).includes(environment)) {
    throw new ConfigError([`llmobs:environment = ${showValue(environment)}: expected one of ${ENVIRONMENTS.map((e) => `"${e}"`).join("|")}`]);
  }
  const defaults = environmentDefaults(environment as StackConfig["environment"]);
  const merged = deepMerge(defaults, raw);
  const parsed = stackConfig.safeParse(merged);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.flatMap((i) => describe(i, merged, defaults)));

  const problems = [...crossFieldProblems(parsed.data), ...missingSecrets(parsed.data, secrets)];
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: parsed.data, secrets };
}

/** Which secret keys the config needs, and why. */
export function requiredSecrets(c: StackConfig): [SecretKey, string][] {
  const need: [SecretKey, string][] = [];
  const r = c.alertmanager.receivers;
  if (r.slack) need.push(["slackWebhookUrl", "alertmanager.receivers.slack is set"]);
  if (r.pagerduty) need.push(["pagerdutyServiceKey", "alertmanager.receivers.pagerduty is set"]);
  if (r.email?.authUsername) need.push(["smtpPassword", "alertmanager.receivers.email.authUsername is set"]);
  if (r.webhook) need.push(["webhookUrl", "alertmanager.receivers.webhook is set"]);
  if (c.prometheus.remoteWrite.some((w) => w.basicAuthUsername)) need.push(["remoteWritePassword", "a prometheus.remoteWrite entry has basicAuthUsername"]);
  if (c.prometheus.targetAuth.basicAuthUsername) need.push(["targetBasicAuthPassword", "prometheus.targetAuth.basicAuthUsername is set"]);
  if (c.exporter.proxyAuth) need.push(["exporterApiToken", "exporter.proxyAuth is true"]);
  if (c.exporter.metricsAuth) need.push(["exporterMetricsPassword", "exporter.metricsAuth is true"]);
  return need;
}

function missingSecrets(c: StackConfig, secrets: Partial<Record<SecretKey, string>>): string[] {
  return requiredSecrets(c)
    .filter(([key]) => !secrets[key])
    .map(([key, why]) => `llmobs:${key} = (unset): expected a secret because ${why} (pulumi config set --secret llmobs:${key} ...)`);
}
