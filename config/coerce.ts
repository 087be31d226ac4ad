import type { SchemaNode } from "./explain";
import { isPlainObject } from "./values";

/**
 * Turns numeric and boolean text into numbers and booleans where the schema expects them. Pulumi stores values
 * set with `pulumi config set --path` as strings unless told otherwise, and `replicas: "2"` in a stack file means
 * the same as `replicas: 2`. Text that is not a number or boolean is left alone for the schema to report.
 */
export function coerce(value: unknown, node: SchemaNode | undefined): unknown {
  if (node === undefined) return value;
  if (typeof value === "string") {
    if ((node.type === "integer" || node.type === "number") && /^-?[0-9]+(\.[0-9]+)?$/.test(value.trim())) return Number(value);
    if (node.type === "boolean" && (value === "true" || value === "false")) return value === "true";
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => coerce(v, node.items));
  if (isPlainObject(value)) {
    const extra = typeof node.additionalProperties === "object" ? node.additionalProperties : undefined;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerce(v, node.properties?.[k] ?? extra)]));
  }
  return value;
}
