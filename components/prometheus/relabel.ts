import { SCRAPE_JOB_LABEL, SCRAPE_LABEL, serviceLabelMeta } from "../kubernetes/scrape";

/**
 * Label names that carry one value per request, user, pod instance or trace. A target exposing them would
 * create a series per value, so every job drops them at ingestion (SPEC 9: no unbounded labels).
 */
export const UNBOUNDED_LABEL_NAMES = [
  "request_id", "trace_id", "span_id", "session_id", "user_id", "prompt", "path", "url",
  "pod_uid", "uid", "pod_ip", "container_id",
] as const;

type Relabel = Record<string, unknown>;

/**
 * Discovery of the stack's own namespace through EndpointSlices (the Endpoints API is deprecated since
 * Kubernetes 1.33). `own_namespace` keeps discovery, and the RBAC it needs, inside that namespace.
 */
export function kubernetesDiscovery(): Record<string, unknown>[] {
  return [{ role: "endpointslice", namespaces: { own_namespace: true } }];
}

/** The meta label holding the name of the discovered port. */
export const PORT_NAME_META = "__meta_kubernetes_endpointslice_port_name";

/**
 * Keeps only endpoints of Services labelled for `job` on the port `portName`, and sets the bounded target
 * labels `namespace`, `pod`, `service` and `node` (bounded by the cluster's size; GPU series of two exporters
 * are matched by node and GPU index). Nothing is label-mapped wholesale: pod labels such as
 * `pod-template-hash` or `controller-revision-hash` would multiply series on every rollout.
 */
export function kubernetesRelabelling(job: string, portName: string): Relabel[] {
  return [
    { source_labels: [serviceLabelMeta(SCRAPE_LABEL), serviceLabelMeta(SCRAPE_JOB_LABEL)], regex: `true;${job}`, action: "keep" },
    { source_labels: [PORT_NAME_META], regex: portName, action: "keep" },
    { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
    { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
    { source_labels: ["__meta_kubernetes_service_name"], target_label: "service" },
    { source_labels: ["__meta_kubernetes_pod_node_name"], target_label: "node" },
  ];
}

/** Drops the unbounded label names from every scraped series. */
export function dropUnboundedLabels(): Relabel[] {
  return [{ action: "labeldrop", regex: `(${UNBOUNDED_LABEL_NAMES.join("|")})` }];
}
