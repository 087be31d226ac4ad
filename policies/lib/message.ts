import { describe, type ResourceView } from "./resources";

/**
 * The one shape of every violation message: the resource, the field, its value, what is wrong and the fix, so a
 * reader knows what to change without opening the policy.
 */
export function message(r: ResourceView, field: string, value: unknown, problem: string, fix: string): string {
  const shown = value === undefined ? "(not set)" : typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return `${describe(r)}: ${field} = ${shown}: ${problem}. Fix: ${fix}`;
}
