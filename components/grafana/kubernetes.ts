import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { GrafanaConfig } from "../../config";
import { IMAGES, imageTag } from "../images";
import {
  CONFIG_CHECKSUM_ANNOTATION, configChecksum, containerResources, containerSecurityContext, gibQuantity, httpProbe, podSecurityContext,
  selectorLabels, standardLabels,
} from "../kubernetes";
import {
  GRAFANA_DASHBOARDS_DIR, GRAFANA_DATA_DIR, GRAFANA_NAME, GRAFANA_PORT, GRAFANA_PORT_NAME, GRAFANA_PROVISIONING_DIR, GRAFANA_SECRETS_DIR,
  GRAFANA_UID,
} from "./names";

/** What the Kubernetes objects of Grafana are made from. */
export interface GrafanaKubernetesInput {
  namespace: pulumi.Input<string>;
  grafana: GrafanaConfig;
  /** Provisioning files by path under the provisioning directory (`datasources/datasources.yaml`, ...). */
  provisioning: Record<string, string>;
  /** Dashboard files, already split so each group fits one ConfigMap. */
  dashboardGroups: Record<string, string>[];
  env: Record<string, string>;
  /** Secret files by name (admin password, datasource passwords), mounted in the secrets directory. */
  secretFiles: Record<string, pulumi.Output<string>>;
}

const key = (path: string) => path.replace(/\//g, "_");

/**
 * ConfigMaps (provisioning, dashboards) and the admin Secret are auto-named, so a change creates the new object
 * before the old one goes and rolls the pod; the Deployment and Service keep stable names. One replica: Grafana's
 * sqlite database cannot be shared, and with a volume the rollout must stop the old pod first (Recreate).
 */
export function deployGrafanaKubernetes(name: string, input: GrafanaKubernetesInput, opts: pulumi.CustomResourceOptions) {
  const g = input.grafana;
  const labels = standardLabels({ name: GRAFANA_NAME, component: "dashboards", version: imageTag(IMAGES.grafana) });
  const selector = selectorLabels({ name: GRAFANA_NAME });
  const meta = { namespace: input.namespace, labels };

  const provisioning = new k8s.core.v1.ConfigMap(`${name}-provisioning`, {
    metadata: meta,
    data: Object.fromEntries(Object.entries(input.provisioning).map(([path, text]) => [key(path), text])),
  }, opts);
  const dashboards = input.dashboardGroups.map((files, i) => new k8s.core.v1.ConfigMap(`${name}-dashboards-${i}`, { metadata: meta, data: files }, opts));
  const secret = Object.keys(input.secretFiles).length === 0 ? undefined : new k8s.core.v1.Secret(`${name}-admin`, {
    metadata: meta, type: "Opaque", stringData: input.secretFiles,
  }, opts);
  const claim = g.storage.enabled ? new k8s.core.v1.PersistentVolumeClaim(`${name}-data`, {
    metadata: { ...meta, name: `${GRAFANA_NAME}-data` },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: gibQuantity(g.storage.sizeGb) } },
      ...(g.storage.storageClass === undefined ? {} : { storageClassName: g.storage.storageClass }),
    },
  }, opts) : undefined;

  const volumes: k8s.types.input.core.v1.Volume[] = [
    {
      name: "provisioning",
      configMap: { name: provisioning.metadata.name, items: Object.keys(input.provisioning).map((path) => ({ key: key(path), path })) },
    },
    ...dashboards.map((cm, i) => ({ name: `dashboards-${i}`, configMap: { name: cm.metadata.name } })),
    ...(secret ? [{ name: "admin", secret: { secretName: secret.metadata.name, defaultMode: 0o440 } }] : []),
    claim ? { name: "data", persistentVolumeClaim: { claimName: claim.metadata.name } } : { name: "data", emptyDir: {} },
    { name: "tmp", emptyDir: {} },
  ];
  const mounts: k8s.types.input.core.v1.VolumeMount[] = [
    { name: "provisioning", mountPath: GRAFANA_PROVISIONING_DIR, readOnly: true },
    ...dashboards.map((_, i) => ({ name: `dashboards-${i}`, mountPath: `${GRAFANA_DASHBOARDS_DIR}/${i}`, readOnly: true })),
    ...(secret ? [{ name: "admin", mountPath: GRAFANA_SECRETS_DIR, readOnly: true }] : []),
    { name: "data", mountPath: GRAFANA_DATA_DIR },
    { name: "tmp", mountPath: "/tmp" },
  ];

  const deployment = new k8s.apps.v1.Deployment(name, {
    metadata: { ...meta, name: GRAFANA_NAME },
    spec: {
      replicas: 1,
      strategy: { type: claim ? "Recreate" : "RollingUpdate" },
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels,
          annotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum({ ...input.provisioning, ...Object.assign({}, ...input.dashboardGroups) }) },
        },
        spec: {
          securityContext: podSecurityContext(GRAFANA_UID),
          automountServiceAccountToken: false,
          containers: [{
            name: GRAFANA_NAME,
            image: IMAGES.grafana,
            env: Object.keys(input.env).sort().map((k) => ({ name: k, value: input.env[k]! })),
            ports: [{ name: GRAFANA_PORT_NAME, containerPort: GRAFANA_PORT }],
            readinessProbe: httpProbe("/api/health", GRAFANA_PORT_NAME),
            livenessProbe: httpProbe("/api/health", GRAFANA_PORT_NAME, { initialDelaySeconds: 30 }),
            resources: containerResources(g.resources),
            securityContext: containerSecurityContext(),
            volumeMounts: mounts,
          }],
          volumes,
        },
      },
    },
  }, opts);
  const service = new k8s.core.v1.Service(name, {
    metadata: { ...meta, name: GRAFANA_NAME },
    spec: { type: "ClusterIP", selector, ports: [{ name: GRAFANA_PORT_NAME, port: GRAFANA_PORT, targetPort: GRAFANA_PORT_NAME }] },
  }, opts);
  return { deployment, service, provisioning, dashboards, secret, claim };
}
