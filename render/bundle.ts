import { stringify } from "yaml";
import type { RecordedResource } from "./mocks";
import { redactSecrets } from "./redact";

/**
 * kubectl applies a directory's files in name order; prefixing each manifest with its kind's rank makes
 * `kubectl apply -f kubernetes/` create namespaces, identities and config before the workloads that use them.
 */
const KIND_ORDER = [
  "Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Secret", "ConfigMap",
  "PersistentVolumeClaim", "Service", "StatefulSet", "Deployment", "DaemonSet", "PodDisruptionBudget",
];

function kindRank(kind: string): string {
  const i = KIND_ORDER.indexOf(kind);
  return String(i === -1 ? 99 : i).padStart(2, "0");
}

const yamlOptions = { lineWidth: 0, sortMapEntries: false } as const;

/** First lines of a Secret manifest in the bundle: its values are placeholders, never the real credentials. */
export const SECRET_MANIFEST_HEADER =
  "# PLACEHOLDERS: every `[secret]` value below stands for a credential that render never writes. Replace them before\n" +
  "# `kubectl apply -f` on this file, or let `pulumi up` create this Secret from the stack's secret config.\n";

/** `docker:index/container:Container` -> `container`. */
function shortType(type: string): string {
  return (type.split(":").pop() ?? type).toLowerCase();
}

function byTypeThenName(a: RecordedResource, b: RecordedResource): number {
  return a.type === b.type ? a.name.localeCompare(b.name) : a.type.localeCompare(b.type);
}

/** A resource as written to the bundle: secrets redacted, component resources kept for the tree. */
export function redactedResources(resources: readonly RecordedResource[]): RecordedResource[] {
  return [...resources].sort(byTypeThenName).map((r) => ({ ...r, inputs: redactSecrets(r.inputs) as Record<string, unknown> }));
}

/** Kubernetes manifests of the recorded resources, as the objects kubectl would apply. */
export function kubernetesManifests(resources: readonly RecordedResource[]): Record<string, unknown>[] {
  return resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.inputs);
}

/**
 * The reviewable bundle: rendered config files from the components, one YAML file per Kubernetes object, one per
 * Docker resource, and resources.json, from resources already passed through `redactedResources`. Pure and
 * deterministic: the same inputs give the same bytes.
 */
export function bundleFiles(
  files: Record<string, string>,
  clean: readonly RecordedResource[],
  secretValues: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const path of Object.keys(files).sort()) out.set(path, files[path]!);
  for (const r of clean) {
    if (r.type.startsWith("kubernetes:")) {
      const kind = String(r.inputs.kind);
      const meta = (r.inputs.metadata ?? {}) as { name?: string; namespace?: string };
      const file = `${kindRank(kind)}-${kind.toLowerCase()}-${meta.name ?? r.name}.yaml`;
      // Secrets hold `[secret]` placeholders: kept out of `kubectl apply -f kubernetes/` (not recursive), marked.
      if (kind === "Secret") out.set(`kubernetes/secrets/${file}`, `${SECRET_MANIFEST_HEADER}${stringify(r.inputs, yamlOptions)}`);
      else out.set(`kubernetes/${file}`, stringify(r.inputs, yamlOptions));
    } else if (r.type === "docker:index/image:Image") {
      // The exporter image is built (and pushed) on every platform, so it gets its own folder.
      out.set(`images/${r.name}.yaml`, stringify(r.inputs, yamlOptions));
    } else if (r.type.startsWith("docker:")) {
      out.set(`docker/${shortType(r.type)}-${r.name}.yaml`, stringify(r.inputs, yamlOptions));
    }
  }
  out.set("resources.json", `${JSON.stringify(clean, null, 2)}\n`);
  // A component that passed a secret through a plain value (e.g. into a ConfigMap) would leak it here.
  for (const [path, content] of out) {
    if (secretValues.some((v) => v.length > 0 && content.includes(v))) throw new Error(`refusing to write ${path}: it holds a secret value in plain text`);
  }
  return out;
}
