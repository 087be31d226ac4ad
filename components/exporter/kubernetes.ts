import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  CONFIG_CHECKSUM_ANNOTATION, configChecksum, containerResources, containerSecurityContext, httpProbe, mountedObjectMetadata, podDisruptionBudget,
  podSecurityContext, scrapeLabels, selectorLabels, standardLabels,
} from "../kubernetes";
import { AUDIT_LOG_DIR } from "./environment";
import { EXPORTER_JOB, EXPORTER_NAME, EXPORTER_PORT_NAME, type ExporterWorkload } from "./workload";

type PodSpec = k8s.types.input.core.v1.PodSpec;

/** The uid:gid exporter/Dockerfile creates and runs as. */
export const EXPORTER_UID = 10001;

const AUDIT_VOLUME = "audit";

/** Names of the objects the pod refers to; Outputs, so the Deployment waits for them to exist. */
export interface PodSpecNames {
  /** ServiceAccount the pods run as. */
  serviceAccount: pulumi.Input<string>;
  /** ConfigMap holding the non-secret environment. */
  configMap: pulumi.Input<string>;
  /** Secret holding the credentials; undefined when no credential is switched on. */
  secret: pulumi.Input<string> | undefined;
}

/**
 * The exporter's pod spec. Plain settings come from the ConfigMap as a whole (`envFrom`); each credential is a
 * `secretKeyRef`, so no secret value is ever written into the Deployment.
 */
export function exporterPodSpec(w: ExporterWorkload, names: PodSpecNames): PodSpec {
  const secret = names.secret;
  return {
    serviceAccountName: names.serviceAccount,
    // The exporter never talks to the Kubernetes API; a mounted token would only be something to steal.
    automountServiceAccountToken: false,
    securityContext: podSecurityContext(EXPORTER_UID),
    // Spread replicas over nodes so one node failure does not take the whole proxy down; soft, so a
    // single-node dev cluster still schedules them.
    topologySpreadConstraints: w.exporter.replicas > 1
      ? [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selectorLabels({ name: EXPORTER_NAME }) } }]
      : undefined,
    containers: [{
      name: "exporter",
      image: w.image,
      imagePullPolicy: "IfNotPresent",
      ports: [{ name: EXPORTER_PORT_NAME, containerPort: w.exporter.port, protocol: "TCP" }],
      envFrom: [{ configMapRef: { name: names.configMap } }],
      env: secret === undefined
        ? undefined
        : Object.keys(w.secretEnv).sort().map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: secret, key } } })),
      resources: containerResources(w.exporter.resources),
      livenessProbe: httpProbe("/healthz", EXPORTER_PORT_NAME),
      readinessProbe: httpProbe("/readyz", EXPORTER_PORT_NAME, { periodSeconds: 5, failureThreshold: 3 }),
      securityContext: containerSecurityContext(),
      volumeMounts: [{ name: AUDIT_VOLUME, mountPath: AUDIT_LOG_DIR }],
    }],
    // The root filesystem is read-only; audit logs need a writable directory. No sizeLimit: exceeding it evicts
    // the pod, and losing the proxy is worse than the exporter's own size-based rotation filling a node disk.
    volumes: [{ name: AUDIT_VOLUME, emptyDir: {} }],
  };
}

/**
 * Declares the exporter on Kubernetes: ServiceAccount, ConfigMap, Secret (only when a credential is switched on),
 * Deployment, Service labelled for Prometheus discovery, and a PodDisruptionBudget when replicated. Returns the Service.
 */
export function exporterOnKubernetes(
  name: string,
  w: ExporterWorkload,
  namespace: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Service {
  const labels = standardLabels({ name: EXPORTER_NAME, component: "exporter", version: w.version });
  const selector = selectorLabels({ name: EXPORTER_NAME });
  const metadata = (objectName: string) => ({ name: objectName, namespace, labels });

  const account = new k8s.core.v1.ServiceAccount(`${name}-sa`, { metadata: metadata(EXPORTER_NAME), automountServiceAccountToken: false }, opts);
  const mounted = mountedObjectMetadata(namespace, labels);
  const configMap = new k8s.core.v1.ConfigMap(`${name}-env`, { metadata: mounted, data: w.env }, opts);
  const secret = Object.keys(w.secretEnv).length === 0
    ? undefined
    : new k8s.core.v1.Secret(`${name}-secret`, { metadata: mounted, type: "Opaque", stringData: w.secretEnv }, opts);

  new k8s.apps.v1.Deployment(`${name}-deployment`, {
    metadata: metadata(EXPORTER_NAME),
    spec: {
      replicas: w.exporter.replicas,
      selector: { matchLabels: selector },
      // The exporter sits in the request path: bring a new pod up before an old one goes.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        // Only the plain environment is digested: a digest of the credentials (a secret Output) would make Pulumi
        // mask the whole Deployment spec, hiding it from review and policies. A rotated credential still rolls the
        // pods: it replaces the auto-named Secret, whose new name lands in the `secretKeyRef`s.
        metadata: { labels, annotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(w.env) } },
        spec: exporterPodSpec(w, { serviceAccount: account.metadata.name, configMap: configMap.metadata.name, secret: secret?.metadata.name }),
      },
    },
  }, opts);

  podDisruptionBudget({ name: EXPORTER_NAME, resourceName: `${name}-pdb`, namespace, labels, selector, replicas: w.exporter.replicas }, opts);
  return new k8s.core.v1.Service(`${name}-service`, {
    metadata: { ...metadata(EXPORTER_NAME), labels: { ...labels, ...scrapeLabels(EXPORTER_JOB) } },
    spec: {
      type: "ClusterIP",
      selector,
      ports: [{ name: EXPORTER_PORT_NAME, port: w.exporter.port, targetPort: EXPORTER_PORT_NAME, protocol: "TCP" }],
    },
  }, opts);
}
