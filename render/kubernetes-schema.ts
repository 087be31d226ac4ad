import { createRequire } from "node:module";

const load = createRequire(__filename);

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

/**
 * The kubernetes-models class for a manifest: `apps/v1` + `StatefulSet` -> `kubernetes-models/apps/v1/StatefulSet`.
 * Core objects (`v1`) live at the package root's `v1/`.
 */
function modelFor(apiVersion: string, kind: string): ModelClass {
  const mod = load(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, ModelClass>;
  const cls = mod[kind] ?? (mod as { default?: ModelClass }).default;
  if (!cls) throw new Error(`kubernetes-models has no class for ${apiVersion} ${kind}`);
  return cls;
}

/**
 * Validates a manifest against the Kubernetes OpenAPI schema; throws with the object's identity and the schema
 * error. Kinds unknown to kubernetes-models (CRDs such as ServiceMonitor) are reported, not silently accepted.
 */
export function validateManifest(manifest: Record<string, unknown>): void {
  const apiVersion = String(manifest.apiVersion);
  const kind = String(manifest.kind);
  const name = (manifest.metadata as { name?: string } | undefined)?.name ?? "(unnamed)";
  let Model: ModelClass;
  try {
    Model = modelFor(apiVersion, kind);
  } catch {
    throw new Error(`${apiVersion} ${kind} ${name}: no Kubernetes schema to validate it against`);
  }
  try {
    new Model(manifest).validate();
  } catch (e) {
    throw new Error(`${apiVersion} ${kind} ${name} is not a valid Kubernetes object: ${(e as Error).message}`);
  }
}
