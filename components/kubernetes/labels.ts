/** The value of `app.kubernetes.io/part-of` on every object of the stack. */
export const PART_OF = "llm-observability";

/** Identifies one workload: `name` is its stable object name, `component` its role in the stack. */
export interface WorkloadIdentity {
  /** Stable object name (StatefulSet/Deployment/Service name), e.g. `prometheus`. */
  name: string;
  /** Role of the workload, e.g. `monitoring`, `alerting`, `exporter`. */
  component: string;
  /** Version of the software, usually the image tag. Defaults to no `app.kubernetes.io/version` label. */
  version?: string;
}

/**
 * Labels that select a workload's pods. Kept to name + part-of because a selector is immutable: anything that
 * may change between releases (version) must not be in it.
 */
export function selectorLabels(id: Pick<WorkloadIdentity, "name">): Record<string, string> {
  return { "app.kubernetes.io/name": id.name, "app.kubernetes.io/part-of": PART_OF };
}

/** The recommended `app.kubernetes.io/*` labels for every object of a workload. */
export function standardLabels(id: WorkloadIdentity): Record<string, string> {
  return {
    ...selectorLabels(id),
    "app.kubernetes.io/component": id.component,
    "app.kubernetes.io/managed-by": "pulumi",
    ...(id.version === undefined ? {} : { "app.kubernetes.io/version": versionLabel(id.version) }),
  };
}

/** A label value from an image tag (`v2.55.1`), trimmed to what Kubernetes accepts in a label value. */
function versionLabel(version: string): string {
  return version.replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "").slice(0, 63);
}
