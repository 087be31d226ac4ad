import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { TracingConfig } from "../../config";
import { IMAGES, imageTag } from "../images";
import { ELASTIC_USER } from "../logging/names";
import {
  CONFIG_CHECKSUM_ANNOTATION, METRICS_PORT_NAME, RETENTION_ANNOTATION, configChecksum, containerResources, containerSecurityContext, gibQuantity, httpProbe,
  podDisruptionBudget, podSecurityContext, scrapeLabels, selectorLabels, standardLabels,
} from "../kubernetes";
import {
  JAEGER_BADGER_DIR, JAEGER_CONFIG_DIR, JAEGER_CONFIG_FILE, JAEGER_HEALTH_PORT, JAEGER_INDEX_PREFIX, JAEGER_METRICS_PORT, JAEGER_NAME,
  JAEGER_OTLP_GRPC_PORT, JAEGER_OTLP_HTTP_PORT, JAEGER_QUERY_GRPC_PORT, JAEGER_QUERY_PORT, JAEGER_SAMPLING_GRPC_PORT,
  JAEGER_SAMPLING_HTTP_PORT, JAEGER_SECRETS_DIR, JAEGER_UID,
} from "./names";

/** What the Kubernetes objects of Jaeger are made from. */
export interface JaegerKubernetesInput {
  /** Namespace of every object. */
  namespace: pulumi.Input<string>;
  /** The `tracing` section of the stack config. */
  tracing: TracingConfig;
  /** The rendered config.yaml. */
  config: string;
  /** `elasticsearchPassword` with the elasticsearch backend, mounted as a file. */
  secrets: Record<string, pulumi.Output<string>>;
  /** Elasticsearch base URL, for the index cleaner (elasticsearch backend). */
  elasticsearchUrl?: string;
}

const PORTS = [
  { name: "otlp-grpc", port: JAEGER_OTLP_GRPC_PORT },
  { name: "otlp-http", port: JAEGER_OTLP_HTTP_PORT },
  { name: "query", port: JAEGER_QUERY_PORT },
  { name: "query-grpc", port: JAEGER_QUERY_GRPC_PORT },
  { name: "sampling-http", port: JAEGER_SAMPLING_HTTP_PORT },
  { name: "sampling-grpc", port: JAEGER_SAMPLING_GRPC_PORT },
  { name: METRICS_PORT_NAME, port: JAEGER_METRICS_PORT },
  { name: "health", port: JAEGER_HEALTH_PORT },
];

/**
 * ConfigMap (auto-named, so a config change creates a new one and rolls the pods), Secret with the elasticsearch
 * backend, a Deployment (Recreate with a local store: badger holds a file lock), the `jaeger` Service and, with
 * Elasticsearch storage, a daily CronJob deleting span indices older than `retentionDays`.
 */
export function deployJaegerKubernetes(name: string, input: JaegerKubernetesInput, opts: pulumi.CustomResourceOptions) {
  const t = input.tracing;
  const ns = input.namespace;
  const labels = standardLabels({ name: JAEGER_NAME, component: "tracing", version: imageTag(IMAGES.jaeger) });
  const selector = selectorLabels({ name: JAEGER_NAME });
  // Memory keeps the newest maxTraces, not days: only the stores that expire by age carry the annotation.
  const retention: Record<string, string> = t.backend === "memory" ? {} : { [RETENTION_ANNOTATION]: String(t.retentionDays) };

  const config = new k8s.core.v1.ConfigMap(`${name}-config`, {
    metadata: { namespace: ns, labels, annotations: retention }, data: { "config.yaml": input.config },
  }, opts);
  const hasSecrets = Object.keys(input.secrets).length > 0;
  const secret = hasSecrets
    ? new k8s.core.v1.Secret(`${name}-secrets`, { metadata: { namespace: ns, labels }, type: "Opaque", stringData: input.secrets }, opts)
    : undefined;
  const badgerClaim = t.backend === "badger" && t.storage.enabled
    ? new k8s.core.v1.PersistentVolumeClaim(`${name}-badger`, {
      metadata: { name: `${JAEGER_NAME}-badger`, namespace: ns, labels },
      spec: {
        accessModes: ["ReadWriteOnce"], resources: { requests: { storage: gibQuantity(t.storage.sizeGb) } },
        ...(t.storage.storageClass === undefined ? {} : { storageClassName: t.storage.storageClass }),
      },
    }, opts)
    : undefined;

  const volumes: k8s.types.input.core.v1.Volume[] = [
    { name: "config", configMap: { name: config.metadata.name } },
    ...(secret ? [{ name: "secrets", secret: { secretName: secret.metadata.name, defaultMode: 0o440 } }] : []),
    ...(t.backend === "badger" ? [badgerClaim ? { name: "badger", persistentVolumeClaim: { claimName: badgerClaim.metadata.name } } : { name: "badger", emptyDir: {} }] : []),
  ];
  const mounts: k8s.types.input.core.v1.VolumeMount[] = [
    { name: "config", mountPath: JAEGER_CONFIG_DIR, readOnly: true },
    ...(secret ? [{ name: "secrets", mountPath: JAEGER_SECRETS_DIR, readOnly: true }] : []),
    ...(t.backend === "badger" ? [{ name: "badger", mountPath: JAEGER_BADGER_DIR }] : []),
  ];

  new k8s.apps.v1.Deployment(name, {
    metadata: { name: JAEGER_NAME, namespace: ns, labels, annotations: retention },
    spec: {
      replicas: t.replicas,
      selector: { matchLabels: selector },
      // memory and badger live in one process: never run the old and the new pod side by side.
      strategy: t.backend === "elasticsearch" ? { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } : { type: "Recreate" },
      template: {
        metadata: { labels, annotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum({ "config.yaml": input.config }) } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurityContext(JAEGER_UID),
          containers: [{
            name: JAEGER_NAME,
            image: IMAGES.jaeger,
            args: ["--config", JAEGER_CONFIG_FILE],
            ports: PORTS.map((p) => ({ name: p.name, containerPort: p.port })),
            readinessProbe: httpProbe("/status", "health"),
            livenessProbe: httpProbe("/status", "health", { initialDelaySeconds: 30 }),
            resources: containerResources(t.resources),
            securityContext: containerSecurityContext(),
            volumeMounts: mounts,
          }],
          volumes,
        },
      },
    },
  }, opts);
  podDisruptionBudget({ name: JAEGER_NAME, resourceName: `${name}-pdb`, namespace: ns, labels, selector, replicas: t.replicas }, opts);

  const service = new k8s.core.v1.Service(name, {
    metadata: { name: JAEGER_NAME, namespace: ns, labels: { ...labels, ...scrapeLabels(JAEGER_NAME) } },
    spec: { type: "ClusterIP", selector, ports: PORTS.map((p) => ({ name: p.name, port: p.port, targetPort: p.name })) },
  }, opts);

  if (t.backend === "elasticsearch" && secret && input.elasticsearchUrl) {
    indexCleaner(name, { namespace: ns, labels, annotations: retention, retentionDays: t.retentionDays, url: input.elasticsearchUrl, secret: secret.metadata.name }, opts);
  }
  return { service };
}

/**
 * Jaeger writes one Elasticsearch index per day and never deletes any: Jaeger's index cleaner, run daily, deletes
 * those older than the retention (ES_USERNAME/ES_PASSWORD/INDEX_PREFIX are its flags as environment variables).
 */
function indexCleaner(
  name: string,
  a: { namespace: pulumi.Input<string>; labels: Record<string, string>; annotations: Record<string, string>; retentionDays: number; url: string; secret: pulumi.Input<string> },
  opts: pulumi.CustomResourceOptions,
) {
  return new k8s.batch.v1.CronJob(`${name}-index-cleaner`, {
    metadata: { name: `${JAEGER_NAME}-index-cleaner`, namespace: a.namespace, labels: a.labels, annotations: a.annotations },
    spec: {
      schedule: "15 0 * * *",
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 3,
          template: {
            metadata: { labels: a.labels },
            spec: {
              restartPolicy: "OnFailure",
              automountServiceAccountToken: false,
              securityContext: podSecurityContext(JAEGER_UID),
              containers: [{
                name: "index-cleaner",
                image: IMAGES.jaegerIndexCleaner,
                args: [String(a.retentionDays), a.url],
                env: [
                  { name: "INDEX_PREFIX", value: JAEGER_INDEX_PREFIX },
                  { name: "ES_USERNAME", value: ELASTIC_USER },
                  { name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: a.secret, key: "elasticsearchPassword" } } },
                ],
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
                securityContext: containerSecurityContext(),
              }],
            },
          },
        },
      },
    },
  }, opts);
}
