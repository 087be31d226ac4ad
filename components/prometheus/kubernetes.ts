import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, type PrometheusConfig } from "../../config";
import { IMAGES, imageTag } from "../images";
import {
  CONFIG_CHECKSUM_ANNOTATION, DATA_VOLUME, configChecksum, configMapSizeProblem, containerResources, mountedObjectMetadata, containerSecurityContext, dataVolume, httpProbe,
  podDisruptionBudget, podSecurityContext, scrapeLabels, selectorLabels, standardLabels,
} from "../kubernetes";
import {
  PROMETHEUS_CONFIG_DIR, PROMETHEUS_DATA_DIR, PROMETHEUS_HEADLESS, PROMETHEUS_NAME, PROMETHEUS_PORT, PROMETHEUS_PORT_NAME, PROMETHEUS_SECRETS_DIR,
  POD_NAME_ENV, RULES_SUBDIR,
} from "./names";
import { prometheusArgs } from "./server-args";

/** What the Kubernetes objects of Prometheus are made from. */
export interface PrometheusKubernetesInput {
  /** Namespace of every object. */
  namespace: pulumi.Input<string>;
  /** The `prometheus` section of the stack config. */
  prometheus: PrometheusConfig;
  /** prometheus.yml. */
  config: string;
  /** Rule file name -> content. */
  rules: Record<string, string>;
  /** Secret key -> value, mounted as files in the secrets directory. */
  secrets: Record<string, pulumi.Output<string>>;
}

/** Names of the objects the pod mounts; Outputs, so the StatefulSet waits for them. */
interface Mounted {
  config: pulumi.Output<string>;
  rules: pulumi.Output<string>;
  secrets?: pulumi.Output<string>;
}

function volumes(m: Mounted, data: k8s.types.input.core.v1.Volume[]) {
  const list: k8s.types.input.core.v1.Volume[] = [
    { name: "config", configMap: { name: m.config } },
    { name: "rules", configMap: { name: m.rules } },
    ...(m.secrets ? [{ name: "secrets", secret: { secretName: m.secrets, defaultMode: 0o440 } }] : []),
    ...data,
  ];
  const mounts: k8s.types.input.core.v1.VolumeMount[] = [
    { name: "config", mountPath: PROMETHEUS_CONFIG_DIR, readOnly: true },
    { name: "rules", mountPath: `${PROMETHEUS_CONFIG_DIR}/${RULES_SUBDIR}`, readOnly: true },
    ...(m.secrets ? [{ name: "secrets", mountPath: PROMETHEUS_SECRETS_DIR, readOnly: true }] : []),
    { name: DATA_VOLUME, mountPath: PROMETHEUS_DATA_DIR },
  ];
  return { list, mounts };
}

/**
 * ServiceAccount + namespaced Role for discovery, ConfigMaps, Secret, StatefulSet, Services and PDB. A Role, not a
 * ClusterRole: the config discovers only its own namespace, so the server needs no cluster-wide read access.
 */
export function deployPrometheusKubernetes(name: string, input: PrometheusKubernetesInput, opts: pulumi.CustomResourceOptions) {
  const tooBig = [
    configMapSizeProblem(`${PROMETHEUS_NAME}-config`, { "prometheus.yml": input.config }),
    configMapSizeProblem(`${PROMETHEUS_NAME}-rules`, input.rules),
  ].filter((p): p is string => p !== undefined);
  if (tooBig.length > 0) throw new ConfigError(tooBig);

  const ns = input.namespace;
  const p = input.prometheus;
  const labels = standardLabels({ name: PROMETHEUS_NAME, component: "monitoring", version: imageTag(IMAGES.prometheus) });
  const selector = selectorLabels({ name: PROMETHEUS_NAME });
  const meta = (objectName: string, extra: Record<string, string> = {}) => ({ name: objectName, namespace: ns, labels: { ...labels, ...extra } });

  const account = new k8s.core.v1.ServiceAccount(name, { metadata: meta(PROMETHEUS_NAME) }, opts);
  const role = new k8s.rbac.v1.Role(name, {
    metadata: meta(PROMETHEUS_NAME),
    rules: [
      { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
      { apiGroups: [""], resources: ["pods", "services"], verbs: ["get", "list", "watch"] },
    ],
  }, opts);
  new k8s.rbac.v1.RoleBinding(name, {
    metadata: meta(PROMETHEUS_NAME),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
    subjects: [{ kind: "ServiceAccount", name: account.metadata.name, namespace: ns }],
  }, opts);

  const mounted = mountedObjectMetadata(ns, labels);
  const config = new k8s.core.v1.ConfigMap(`${name}-config`, { metadata: mounted, data: { "prometheus.yml": input.config } }, opts);
  const rules = new k8s.core.v1.ConfigMap(`${name}-rules`, { metadata: mounted, data: input.rules }, opts);
  const secret = Object.keys(input.secrets).length === 0 ? undefined : new k8s.core.v1.Secret(`${name}-secrets`, {
    metadata: mounted, type: "Opaque", stringData: input.secrets,
  }, opts);

  const headless = new k8s.core.v1.Service(`${name}-headless`, {
    metadata: meta(PROMETHEUS_HEADLESS),
    spec: { clusterIP: "None", selector, ports: [{ name: PROMETHEUS_PORT_NAME, port: PROMETHEUS_PORT, targetPort: PROMETHEUS_PORT_NAME }] },
  }, opts);
  // The scrape labels sit on this Service only: on both, every replica would be scraped twice.
  const service = new k8s.core.v1.Service(name, {
    metadata: meta(PROMETHEUS_NAME, scrapeLabels(PROMETHEUS_NAME)),
    spec: { type: "ClusterIP", selector, ports: [{ name: PROMETHEUS_PORT_NAME, port: PROMETHEUS_PORT, targetPort: PROMETHEUS_PORT_NAME }] },
  }, opts);

  const data = dataVolume(p.storage, selector);
  const v = volumes({ config: config.metadata.name, rules: rules.metadata.name, secrets: secret?.metadata.name }, data.volumes);
  const statefulSet = new k8s.apps.v1.StatefulSet(name, {
    metadata: meta(PROMETHEUS_NAME),
    spec: {
      serviceName: headless.metadata.name,
      replicas: p.replicas,
      // Replicas of an HA pair are independent: no reason to start them one after the other.
      podManagementPolicy: "Parallel",
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels,
          annotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum({ "prometheus.yml": input.config, ...input.rules }) },
        },
        spec: {
          serviceAccountName: account.metadata.name,
          securityContext: podSecurityContext(),
          terminationGracePeriodSeconds: 120,
          containers: [{
            name: PROMETHEUS_NAME,
            image: IMAGES.prometheus,
            args: prometheusArgs(p),
            env: [{ name: POD_NAME_ENV, valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
            ports: [{ name: PROMETHEUS_PORT_NAME, containerPort: PROMETHEUS_PORT }],
            readinessProbe: httpProbe("/-/ready", PROMETHEUS_PORT_NAME),
            // The TSDB replays its WAL at start, which can take minutes on a large volume.
            livenessProbe: httpProbe("/-/healthy", PROMETHEUS_PORT_NAME, { initialDelaySeconds: 60, failureThreshold: 10 }),
            resources: containerResources(p.resources),
            securityContext: containerSecurityContext(),
            volumeMounts: v.mounts,
          }],
          volumes: v.list,
        },
      },
      volumeClaimTemplates: data.claimTemplates,
    },
  }, opts);

  podDisruptionBudget({ name: PROMETHEUS_NAME, resourceName: name, namespace: ns, labels, selector, replicas: p.replicas }, opts);
  return { service, headless, statefulSet };
}
