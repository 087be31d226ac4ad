import { z } from "zod";
import { stackConfig } from "./schema";
import { SECRET_KEYS } from "./secrets";
import { keyName, problemLine, showValue } from "./errors";
import { valueAt } from "./values";

/** The parts of a JSON Schema node that zod emits for this config. */
export interface SchemaNode {
  type?: string;
  title?: string;
  description?: string;
  default?: unknown;
  /** Our own metadata: how a shared type (duration, quantity, ...) is described to people. */
  allowed?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: SchemaNode | boolean;
  propertyNames?: SchemaNode;
  items?: SchemaNode;
}

let cached: SchemaNode | undefined;

/** The stack config schema as JSON Schema (input side: what a stack file may write). */
export function configSchema(): SchemaNode {
  cached ??= z.toJSONSchema(stackConfig, { io: "input", unrepresentable: "any" }) as SchemaNode;
  return cached;
}

/** The schema node describing the value at `path`, if the schema has one. */
export function schemaAt(path: readonly PropertyKey[], root: SchemaNode = configSchema()): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const k of path) {
    if (node === undefined) return undefined;
    const extra: SchemaNode | undefined = typeof node.additionalProperties === "object" ? node.additionalProperties : undefined;
    node = typeof k === "number" ? node.items : (node.properties?.[String(k)] ?? extra);
  }
  return node;
}

function range(n: SchemaNode): string {
  const lo = n.minimum ?? n.exclusiveMinimum;
  const rawHi = n.maximum ?? n.exclusiveMaximum;
  // zod marks an integer without a maximum with MAX_SAFE_INTEGER, which is no limit a person should read.
  const hi = rawHi !== undefined && rawHi < Number.MAX_SAFE_INTEGER ? rawHi : undefined;
  if (n.minimum !== undefined && n.maximum !== undefined && hi !== undefined) return ` from ${lo} to ${hi}`;
  const parts: string[] = [];
  if (lo !== undefined) parts.push(`${n.minimum !== undefined ? ">=" : ">"} ${lo}`);
  if (hi !== undefined) parts.push(`${n.maximum !== undefined ? "<=" : "<"} ${hi}`);
  return parts.length ? ` ${parts.join(" and ")}` : "";
}

/** What a value must look like, in words: `an integer from 1 to 5`, `one of "http" | "https"`, ... */
export function allowedText(n: SchemaNode): string {
  if (n.allowed) return n.allowed;
  if (n.enum) return `one of ${n.enum.map((v) => JSON.stringify(v)).join(" | ")}`;
  if (n.const !== undefined) return JSON.stringify(n.const);
  switch (n.type) {
    case "integer": return `an integer${range(n)}`;
    case "number": return `a number${range(n)}`;
    case "boolean": return "true or false";
    case "array": return `a list${n.minItems ? ` of at least ${n.minItems}` : ""}, each item ${allowedText(n.items ?? {})}`;
    case "string": {
      if (n.format === "email") return "an e-mail address";
      if (n.pattern) return `a string matching /${n.pattern}/`;
      const len = n.minLength !== undefined && n.maxLength !== undefined ? ` of ${n.minLength} to ${n.maxLength} characters` : n.minLength ? " (not empty)" : "";
      return `a string${len}`;
    }
    case "object": {
      if (n.properties) return `an object with keys ${Object.keys(n.properties).join(", ")}`;
      const value = typeof n.additionalProperties === "object" ? allowedText(n.additionalProperties) : "any value";
      const key = n.propertyNames ? allowedText(n.propertyNames) : "any key";
      return `a map from ${key} to ${value}`;
    }
    default: return "a valid value";
  }
}

function knownKeys(path: readonly PropertyKey[]): string[] {
  const keys = Object.keys(schemaAt(path)?.properties ?? {});
  return path.length === 0 ? [...keys, ...SECRET_KEYS] : keys;
}

/** One line per problem for a zod issue on the merged stack config `input`. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string[] {
  const path = issue.path;
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map(
      (k) => `${keyName([...path, k])} = ${showValue(valueAt(input, [...path, k]))}: unknown key; known keys: ${knownKeys(path).join(", ")}`,
    );
  }
  if (issue.code === "invalid_key") {
    const keys = schemaAt(path.slice(0, -1))?.propertyNames;
    return [problemLine(path, path.at(-1), `a key that is ${keys ? allowedText(keys) : "allowed here"}`)];
  }
  const node = schemaAt(path);
  return [problemLine(path, valueAt(input, path), node ? allowedText(node) : issue.message)];
}
