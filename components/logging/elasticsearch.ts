import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { LoggingConfig } from "../../config";
import { IMAGES, imageTag } from "../images";
import {
  CONFIG_CHECKSUM_ANNOTATION, DATA_VOLUME, RETENTION_ANNOTATION, configChecksum, containerResources, dataVolume, podDisruptionBudget, selectorLabels, standardLabels,
} from "../kubernetes";
import { TRANSPORT_CERT, elasticsearchSettings } from "./elasticsearch-env";
import { ELASTICSEARCH_HEADLESS, ELASTICSEARCH_NAME, ELASTICSEARCH_PORT, ELASTICSEARCH_TRANSPORT_PORT, ELASTICSEARCH_UID, ELASTIC_USER } from "./names";
import { RETENTION_DIR } from "./retention";

type Env = k8s.types.input.core.v1.EnvVar;
const HOME = "/usr/share/elasticsearch";

/** What the Elasticsearch objects are made from. */
export interface ElasticsearchKubernetesInput {
  namespace: pulumi.Input<string>;
  /** The `logging` section of the stack config. */
  logging: LoggingConfig;
  /** Name of the Secret holding `elasticsearchPassword` (and `kibanaSystemPassword` with Kibana). */
  secret: pulumi.Input<string>;
  /** The retention files (ILM policy, index template, script), placed in an auto-named ConfigMap. */
  retention: Record<string, string>;
}

/** The `elastic` password from the stack's Secret. */
export function passwordEnv(name: string, secret: pulumi.Input<string>, key = "elasticsearchPassword"): Env {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** Authenticated health check from inside the container (the HTTP API refuses anonymous requests). */
const healthCommand = ["bash", "-c", `curl -fsS -u "${ELASTIC_USER}:$ELASTIC_PASSWORD" "http://127.0.0.1:${ELASTICSEARCH_PORT}/_cluster/health?local=true" >/dev/null`];

function initContainers(es: LoggingConfig["elasticsearch"]): k8s.types.input.core.v1.Container[] {
  const small = { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } };
  return [
    // Elasticsearch refuses to start below vm.max_map_count 262144; the setting is per node, so it needs privilege.
    ...(es.setMaxMapCount ? [{
      name: "sysctl", image: IMAGES.sysctl, command: ["sh", "-c", "sysctl -w vm.max_map_count=262144"],
      securityContext: { privileged: true, runAsUser: 0, runAsNonRoot: false }, resources: small,
    }] : []),
    ...(es.replicas > 1 ? [{
      name: "transport-cert", image: IMAGES.elasticsearch,
      command: ["bash", "-c", `test -f config/${TRANSPORT_CERT} || bin/elasticsearch-certutil cert --self-signed --silent --pass "" --dns "$POD_NAME.${ELASTICSEARCH_HEADLESS}" --out config/${TRANSPORT_CERT}`],
      env: [{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
      volumeMounts: [{ name: "certs", mountPath: `${HOME}/config/certs` }],
      securityContext: { runAsUser: ELASTICSEARCH_UID, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
      resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    }] : []),
  ];
}

/**
 * Elasticsearch as a StatefulSet (1 node in dev, 3 in prod; a PVC per node), its headless and client Services,
 * a PDB when replicated, and the Job applying the retention policy once the cluster answers. The Job and its
 * ConfigMap are auto-named: a retention change creates a new Job, which applies it (PUT is idempotent).
 */
export function deployElasticsearch(name: string, input: ElasticsearchKubernetesInput, opts: pulumi.CustomResourceOptions) {
  const es = input.logging.elasticsearch;
  const ns = input.namespace;
  const labels = standardLabels({ name: ELASTICSEARCH_NAME, component: "logging", version: imageTag(IMAGES.elasticsearch) });
  const selector = selectorLabels({ name: ELASTICSEARCH_NAME });
  const retentionDays = { [RETENTION_ANNOTATION]: String(es.retentionDays) };
  const ports = [{ name: "http", port: ELASTICSEARCH_PORT }, { name: "transport", port: ELASTICSEARCH_TRANSPORT_PORT }];

  const headless = new k8s.core.v1.Service(`${name}-headless`, {
    metadata: { name: ELASTICSEARCH_HEADLESS, namespace: ns, labels },
    // Discovery must find nodes before they are ready: a cluster forms only once its nodes see each other.
    spec: { clusterIP: "None", publishNotReadyAddresses: true, selector, ports: ports.map((p) => ({ ...p, targetPort: p.name })) },
  }, opts);
  const service = new k8s.core.v1.Service(name, {
    metadata: { name: ELASTICSEARCH_NAME, namespace: ns, labels },
    spec: { type: "ClusterIP", selector, ports: [{ name: "http", port: ELASTICSEARCH_PORT, targetPort: "http" }] },
  }, opts);

  const env: Env[] = [
    { name: "node.name", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
    ...Object.entries(elasticsearchSettings(es)).map(([k, v]) => ({ name: k, value: v })),
    passwordEnv("ELASTIC_PASSWORD", input.secret),
  ];
  const data = dataVolume(es.storage, selector);
  const statefulSet = new k8s.apps.v1.StatefulSet(name, {
    metadata: { name: ELASTICSEARCH_NAME, namespace: ns, labels, annotations: retentionDays },
    spec: {
      serviceName: headless.metadata.name,
      replicas: es.replicas,
      // A new cluster elects its first master only when all initial master nodes are up: start them together.
      podManagementPolicy: "Parallel",
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { fsGroup: ELASTICSEARCH_UID, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } },
          terminationGracePeriodSeconds: 120,
          // One node per Kubernetes node where possible, so losing a node loses at most one copy of a shard.
          affinity: es.replicas > 1
            ? { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selector } } }] } }
            : undefined,
          initContainers: initContainers(es),
          containers: [{
            name: ELASTICSEARCH_NAME,
            image: IMAGES.elasticsearch,
            env,
            ports: ports.map((p) => ({ name: p.name, containerPort: p.port })),
            readinessProbe: { exec: { command: healthCommand }, initialDelaySeconds: 20, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
            livenessProbe: { tcpSocket: { port: "transport" }, initialDelaySeconds: 90, periodSeconds: 20, failureThreshold: 6 },
            resources: containerResources(es.resources),
            // The entrypoint writes the keystore into the config directory at start: the root filesystem stays writable.
            securityContext: { runAsUser: ELASTICSEARCH_UID, runAsGroup: ELASTICSEARCH_UID, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            volumeMounts: [
              { name: DATA_VOLUME, mountPath: `${HOME}/data` },
              ...(es.replicas > 1 ? [{ name: "certs", mountPath: `${HOME}/config/certs` }] : []),
            ],
          }],
          volumes: [...data.volumes, ...(es.replicas > 1 ? [{ name: "certs", emptyDir: {} }] : [])],
        },
      },
      volumeClaimTemplates: data.claimTemplates,
    },
  }, opts);
  podDisruptionBudget({ name: ELASTICSEARCH_NAME, resourceName: `${name}-pdb`, namespace: ns, labels, selector, replicas: es.replicas }, opts);

  const retention = new k8s.core.v1.ConfigMap(`${name}-retention`, {
    metadata: { namespace: ns, labels, annotations: retentionDays }, data: input.retention,
  }, opts);
  new k8s.batch.v1.Job(`${name}-retention`, {
    metadata: { namespace: ns, labels, annotations: retentionDays },
    spec: {
      backoffLimit: 6,
      template: {
        metadata: { labels: { ...labels, "app.kubernetes.io/name": `${ELASTICSEARCH_NAME}-retention` }, annotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(input.retention) } },
        spec: {
          restartPolicy: "OnFailure",
          automountServiceAccountToken: false,
          securityContext: { runAsUser: ELASTICSEARCH_UID, runAsGroup: ELASTICSEARCH_UID, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
          containers: [{
            name: "apply-retention",
            image: IMAGES.elasticsearch,
            command: ["bash", `${RETENTION_DIR}/apply-retention.sh`],
            env: [
              passwordEnv("ELASTIC_PASSWORD", input.secret),
              ...(input.logging.kibana ? [passwordEnv("KIBANA_SYSTEM_PASSWORD", input.secret, "kibanaSystemPassword")] : []),
            ],
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            volumeMounts: [{ name: "retention", mountPath: RETENTION_DIR, readOnly: true }],
          }],
          volumes: [{ name: "retention", configMap: { name: retention.metadata.name } }],
        },
      },
    },
  }, { ...opts, dependsOn: [statefulSet, service] });
  return { service, statefulSet };
}
