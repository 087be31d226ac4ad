import type { PolicyConfigSchema } from "@pulumi/policy";

type JsonSchema = Record<string, any>;

/**
 * A policy's settings: the values from the policy config file over the defaults its schema declares. The Pulumi
 * CLI fills schema defaults too; doing it here keeps the policies right whoever calls them.
 */
export function settings<T>(schema: PolicyConfigSchema, given: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(schema.properties as Record<string, JsonSchema>)) {
    if (given[k] !== undefined) out[k] = given[k];
    else if (p.default !== undefined) out[k] = p.default;
  }
  return out as T;
}

function check(value: unknown, s: JsonSchema, at: string, problems: string[]): void {
  const t = s.type as string | undefined;
  const ok =
    t === undefined ||
    (t === "integer" && Number.isInteger(value)) ||
    (t === "number" && typeof value === "number" && Number.isFinite(value)) ||
    (t === "string" && typeof value === "string") ||
    (t === "boolean" && typeof value === "boolean") ||
    (t === "array" && Array.isArray(value)) ||
    (t === "object" && typeof value === "object" && value !== null && !Array.isArray(value));
  if (!ok) {
    problems.push(`${at} = ${JSON.stringify(value)}: expected ${t === "integer" ? "an integer" : `a ${t}`}`);
    return;
  }
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < s.minimum) problems.push(`${at} = ${value}: expected at least ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) problems.push(`${at} = ${value}: expected at most ${s.maximum}`);
  }
  if (Array.isArray(value) && s.items) value.forEach((v, i) => check(v, s.items, `${at}[${i}]`, problems));
  if (t === "object" && s.additionalProperties && typeof s.additionalProperties === "object") {
    for (const [k, v] of Object.entries(value as object)) check(v, s.additionalProperties, `${at}.${k}`, problems);
  }
}

/**
 * Checks one policy's entry of a policy config file against its schema (the JSON-Schema subset the pack uses):
 * unknown keys, types, bounds. One line per problem naming the key, the value and what is allowed.
 */
export function validateSettings(policy: string, schema: PolicyConfigSchema | undefined, given: Record<string, unknown>): string[] {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const problems: string[] = [];
  for (const [k, v] of Object.entries(given)) {
    if (!(k in props)) {
      const known = Object.keys(props);
      problems.push(`${policy}.${k}: unknown setting; ${known.length ? `expected one of ${known.join(", ")}` : "this policy takes none"}`);
    } else check(v, props[k]!, `${policy}.${k}`, problems);
  }
  for (const k of schema?.required ?? []) if (given[k] === undefined && props[k]?.default === undefined) problems.push(`${policy}.${k}: required`);
  return problems;
}
