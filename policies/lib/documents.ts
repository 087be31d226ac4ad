import { parseAllDocuments } from "yaml";
import type { ConfigFile } from "./resources";

/** The YAML (or JSON: YAML is a superset) documents of a config file; files that do not parse give none. */
export function yamlDocuments(file: ConfigFile): unknown[] {
  if (!/\.(ya?ml|json)$/i.test(file.name) && !/^\s*[\[{]/.test(file.content) && !/^\s*[\w-]+:\s/m.test(file.content)) return [];
  try {
    return parseAllDocuments(file.content).filter((d) => d.errors.length === 0).map((d) => d.toJS() as unknown);
  } catch {
    return [];
  }
}

/** The file's content as JSON, or undefined. */
export function jsonDocument(file: ConfigFile): unknown {
  if (!/^\s*[\[{]/.test(file.content)) return undefined;
  try {
    return JSON.parse(file.content) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Every JSON object embedded in the text: the whole text, `key {...}` lines of a fluent.conf, or a single-quoted
 * `'{...}'` argument of a shell command (`curl -d '{...}'`).
 */
export function embeddedJson(file: ConfigFile): unknown[] {
  const whole = jsonDocument(file);
  if (whole !== undefined) return [whole];
  const out: unknown[] = [];
  for (const m of [...file.content.matchAll(/^\s*\w+\s+(\{.*\})\s*$/gm), ...file.content.matchAll(/'(\{[^']*\})'/g)]) {
    try {
      out.push(JSON.parse(m[1]!));
    } catch {
      // Not JSON after all (a fluent.conf directive with braces).
    }
  }
  return out;
}

export const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
