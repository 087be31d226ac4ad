import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AlertmanagerConfig } from "../../config";
import { IMAGES, imageTag } from "../images";
import {
  CONFIG_CHECKSUM_ANNOTATION, DATA_VOLUME, configChecksum, containerResources, containerSecurityContext, dataVolume, httpProbe, mountedObjectMetadata,
  podDisruptionBudget, podSecurityContext, scrapeLabels, selectorLabels, standardLabels,
} from "../kubernetes";
import {
  ALERTMANAGER_CLUSTER_PORT, ALERTMANAGER_CONFIG_DIR, ALERTMANAGER_DATA_DIR, ALERTMANAGER_HEADLESS, ALERTMANAGER_NAME,
  ALERTMANAGER_PORT, ALERTMANAGER_PORT_NAME, ALERTMANAGER_SECRETS_SUBDIR,
} from "./names";
import { POD_IP_ENV, alertmanagerArgs, clusterPeers } from "./server-args";

/** What the Kubernetes objects of Alertmanager are made from. */
export interface AlertmanagerKubernetesInput {
  /** Namespace of every object. */
  namespace: pulumi.Input<string>;
  /** The `alertmanager` section of the stack config. */
  alertmanager: AlertmanagerConfig;
  /** The deployed alertmanager.yml (may hold the webhook URL, so it only ever goes into the Secret). */
  config: pulumi.Input<string>;
  /** The reviewable alertmanager.yml, hashed into the pod template so a routing change rolls the pods. */
  publicConfig: string;
  /** Secret key -> value, mounted as files in `secrets/` beside the config. */
  secrets: Record<string, pulumi.Output<string>>;
}

/** Secret (config + credentials), StatefulSet clustered by gossip, headless + client Services, PDB. */
export function deployAlertmanagerKubernetes(name: string, input: AlertmanagerKubernetesInput, opts: pulumi.CustomResourceOptions) {
  const ns = input.namespace;
  const a = input.alertmanager;
  const labels = standardLabels({ name: ALERTMANAGER_NAME, component: "alerting", version: imageTag(IMAGES.alertmanager) });
  const selector = selectorLabels({ name: ALERTMANAGER_NAME });
  const meta = (objectName: string, extra: Record<string, string> = {}) => ({ name: objectName, namespace: ns, labels: { ...labels, ...extra } });

  // A Secret, not a ConfigMap, even for the config file: the deployed copy may carry the webhook URL.
  const secret = new k8s.core.v1.Secret(`${name}-config`, {
    metadata: mountedObjectMetadata(ns, labels),
    type: "Opaque",
    stringData: { "alertmanager.yml": pulumi.secret(input.config), ...input.secrets },
  }, opts);

  const webPort = { name: ALERTMANAGER_PORT_NAME, port: ALERTMANAGER_PORT, targetPort: ALERTMANAGER_PORT_NAME };
  const headless = new k8s.core.v1.Service(`${name}-headless`, {
    metadata: meta(ALERTMANAGER_HEADLESS),
    spec: {
      clusterIP: "None",
      selector,
      // Peers must resolve each other before they are ready: readiness waits for the gossip to settle.
      publishNotReadyAddresses: true,
      ports: [webPort, { name: "mesh-tcp", port: ALERTMANAGER_CLUSTER_PORT, targetPort: "mesh-tcp", protocol: "TCP" }],
    },
  }, opts);
  const service = new k8s.core.v1.Service(name, {
    metadata: meta(ALERTMANAGER_NAME, scrapeLabels(ALERTMANAGER_NAME)),
    spec: { type: "ClusterIP", selector, ports: [webPort] },
  }, opts);

  const data = dataVolume(a.storage, selector);
  const headlessDomain = pulumi.interpolate`${ALERTMANAGER_HEADLESS}.${ns}.svc`;
  const statefulSet = new k8s.apps.v1.StatefulSet(name, {
    metadata: meta(ALERTMANAGER_NAME),
    spec: {
      serviceName: headless.metadata.name,
      replicas: a.replicas,
      podManagementPolicy: "Parallel",
      selector: { matchLabels: selector },
      template: {
        metadata: { labels, annotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum({ "alertmanager.yml": input.publicConfig }) } },
        spec: {
          securityContext: podSecurityContext(),
          // Alertmanager never calls the Kubernetes API.
          automountServiceAccountToken: false,
          containers: [{
            name: ALERTMANAGER_NAME,
            image: IMAGES.alertmanager,
            args: headlessDomain.apply((domain) => alertmanagerArgs(clusterPeers(a.replicas, domain))),
            env: [{ name: POD_IP_ENV, valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }],
            ports: [
              { name: ALERTMANAGER_PORT_NAME, containerPort: ALERTMANAGER_PORT },
              { name: "mesh-tcp", containerPort: ALERTMANAGER_CLUSTER_PORT, protocol: "TCP" },
              { name: "mesh-udp", containerPort: ALERTMANAGER_CLUSTER_PORT, protocol: "UDP" },
            ],
            readinessProbe: httpProbe("/-/ready", ALERTMANAGER_PORT_NAME),
            livenessProbe: httpProbe("/-/healthy", ALERTMANAGER_PORT_NAME, { initialDelaySeconds: 15 }),
            resources: containerResources(a.resources),
            securityContext: containerSecurityContext(),
            volumeMounts: [
              { name: "config", mountPath: ALERTMANAGER_CONFIG_DIR, readOnly: true },
              { name: DATA_VOLUME, mountPath: ALERTMANAGER_DATA_DIR },
            ],
          }],
          volumes: [
            {
              name: "config",
              secret: {
                secretName: secret.metadata.name,
                defaultMode: 0o440,
                items: [
                  { key: "alertmanager.yml", path: "alertmanager.yml" },
                  ...Object.keys(input.secrets).map((key) => ({ key, path: `${ALERTMANAGER_SECRETS_SUBDIR}/${key}` })),
                ],
              },
            },
            ...data.volumes,
          ],
        },
      },
      volumeClaimTemplates: data.claimTemplates,
    },
  }, opts);

  podDisruptionBudget({ name: ALERTMANAGER_NAME, resourceName: name, namespace: ns, labels, selector, replicas: a.replicas }, opts);
  return { service, headless, statefulSet };
}
