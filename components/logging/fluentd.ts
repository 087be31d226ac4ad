import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { LoggingConfig } from "../../config";
import { IMAGES, imageTag } from "../images";
import {
  CONFIG_CHECKSUM_ANNOTATION, METRICS_PORT_NAME, configChecksum, containerResources, scrapedDaemonSet, standardLabels,
} from "../kubernetes";
import { passwordEnv } from "./elasticsearch";
import { FLUENTD_PASSWORD_ENV } from "./fluent-conf";
import { FLUENTD_CONFIG_DIR, FLUENTD_METRICS_PORT, FLUENTD_NAME, FLUENTD_STATE_DIR } from "./names";

/** What the Fluentd objects are made from. */
export interface FluentdKubernetesInput {
  namespace: pulumi.Input<string>;
  /** The stack's namespace as a plain name, for the cluster-scoped RBAC object names. */
  namespaceName: string;
  /** The `logging` section of the stack config. */
  logging: LoggingConfig;
  /** The rendered fluent.conf. */
  config: string;
  /** Name of the Secret holding `elasticsearchPassword`. */
  secret: pulumi.Input<string>;
}

/**
 * Fluentd as a DaemonSet on every node (all taints tolerated: GPU nodes' logs matter most), reading the node's
 * container logs from the hostPath /var/log, with a ServiceAccount and a ClusterRole to read pod and namespace
 * metadata, its file buffer and tail positions on the node (hostPath, so they survive pod restarts), and a
 * headless Service Prometheus discovers its metrics through.
 */
export function deployFluentd(name: string, input: FluentdKubernetesInput, opts: pulumi.CustomResourceOptions) {
  const ns = input.namespace;
  const f = input.logging.fluentd;
  const labels = standardLabels({ name: FLUENTD_NAME, component: "logging", version: imageTag(IMAGES.fluentd) });
  // Cluster-scoped names must be unique in the cluster, not only in the namespace.
  const clusterName = `${FLUENTD_NAME}-${input.namespaceName}`;

  const account = new k8s.core.v1.ServiceAccount(`${name}-sa`, { metadata: { name: FLUENTD_NAME, namespace: ns, labels } }, opts);
  const role = new k8s.rbac.v1.ClusterRole(`${name}-role`, {
    metadata: { name: clusterName, labels },
    rules: [{ apiGroups: [""], resources: ["pods", "namespaces"], verbs: ["get", "list", "watch"] }],
  }, opts);
  new k8s.rbac.v1.ClusterRoleBinding(`${name}-binding`, {
    metadata: { name: clusterName, labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
    subjects: [{ kind: "ServiceAccount", name: account.metadata.name, namespace: ns }],
  }, opts);
  const config = new k8s.core.v1.ConfigMap(`${name}-config`, { metadata: { namespace: ns, labels }, data: { "fluent.conf": input.config } }, opts);

  const dockerLogs = f.containerLogFormat === "json";
  scrapedDaemonSet(name, {
    namespace: ns, name: FLUENTD_NAME, component: "logging", version: imageTag(IMAGES.fluentd), port: FLUENTD_METRICS_PORT,
    podAnnotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum({ "fluent.conf": input.config }) },
    podSpec: {
      serviceAccountName: account.metadata.name,
      tolerations: [{ operator: "Exists" }],
      terminationGracePeriodSeconds: 60,
      containers: [{
        name: FLUENTD_NAME,
        image: IMAGES.fluentd,
        env: [
          passwordEnv(FLUENTD_PASSWORD_ENV, input.secret),
          // kubernetes_metadata then watches only this node's pods.
          { name: "K8S_NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
        ],
        ports: [{ name: METRICS_PORT_NAME, containerPort: FLUENTD_METRICS_PORT }],
        resources: containerResources(f.resources),
        // Container logs on the node are root-owned and 0640: reading them needs uid 0, nothing more.
        securityContext: { runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
        livenessProbe: { httpGet: { path: "/metrics", port: METRICS_PORT_NAME }, initialDelaySeconds: 60, periodSeconds: 30, failureThreshold: 5 },
        volumeMounts: [
          { name: "varlog", mountPath: "/var/log", readOnly: true },
          { name: "state", mountPath: FLUENTD_STATE_DIR },
          { name: "config", mountPath: `${FLUENTD_CONFIG_DIR}/fluent.conf`, subPath: "fluent.conf", readOnly: true },
          ...(dockerLogs ? [{ name: "dockerlogs", mountPath: "/var/lib/docker/containers", readOnly: true }] : []),
        ],
      }],
      volumes: [
        { name: "varlog", hostPath: { path: "/var/log", type: "Directory" } },
        { name: "state", hostPath: { path: FLUENTD_STATE_DIR, type: "DirectoryOrCreate" } },
        { name: "config", configMap: { name: config.metadata.name } },
        ...(dockerLogs ? [{ name: "dockerlogs", hostPath: { path: "/var/lib/docker/containers", type: "Directory" } }] : []),
      ],
    },
  }, opts);
}
