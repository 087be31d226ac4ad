/** The marker Pulumi puts on a serialized secret value (`{ [SECRET_SIG]: SECRET_VALUE_SIG, value }`). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Placeholder written wherever a secret value would appear in a bundle. */
export const REDACTED = "[secret]";

function isSecret(v: unknown): boolean {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE_SIG;
}

/** Every leaf of a secret becomes the placeholder; keys stay, so a redacted Secret is still a valid manifest. */
function redactLeaves(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactLeaves);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactLeaves(v)]));
  }
  return REDACTED;
}

/** Replaces every secret value in a resource's inputs with a placeholder. */
export function redactSecrets(value: unknown): unknown {
  if (isSecret(value)) return redactLeaves((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecrets(v)]));
  }
  return value;
}
