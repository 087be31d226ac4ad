import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { IMAGES, imageTag } from "../images";
import { containerResources, selectorLabels, standardLabels } from "../kubernetes";
import { passwordEnv } from "./elasticsearch";
import { ELASTICSEARCH_NAME, ELASTICSEARCH_PORT, ELASTICSEARCH_UID, KIBANA_NAME, KIBANA_PORT } from "./names";

/** Kibana's resources: it needs about 1 GiB whatever the cluster's size. */
export const KIBANA_RESOURCES = { requests: { cpu: "100m", memory: "768Mi" }, limits: { cpu: "1", memory: "1536Mi" } };

/** Kibana's settings as environment variables; it logs in as `kibana_system`, whose password the retention Job sets. */
export function kibanaEnv(): Record<string, string> {
  return {
    ELASTICSEARCH_HOSTS: `http://${ELASTICSEARCH_NAME}:${ELASTICSEARCH_PORT}`,
    ELASTICSEARCH_USERNAME: "kibana_system",
    SERVER_NAME: KIBANA_NAME,
  };
}

/** Kibana (optional): a Deployment and the `kibana` Service on 5601. */
export function deployKibana(name: string, a: { namespace: pulumi.Input<string>; secret: pulumi.Input<string> }, opts: pulumi.CustomResourceOptions) {
  const labels = standardLabels({ name: KIBANA_NAME, component: "logging", version: imageTag(IMAGES.kibana) });
  const selector = selectorLabels({ name: KIBANA_NAME });
  new k8s.apps.v1.Deployment(name, {
    metadata: { name: KIBANA_NAME, namespace: a.namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsUser: ELASTICSEARCH_UID, runAsGroup: ELASTICSEARCH_UID, runAsNonRoot: true, fsGroup: ELASTICSEARCH_UID, seccompProfile: { type: "RuntimeDefault" } },
          containers: [{
            name: KIBANA_NAME,
            image: IMAGES.kibana,
            env: [
              ...Object.entries(kibanaEnv()).map(([k, v]) => ({ name: k, value: v })),
              passwordEnv("ELASTICSEARCH_PASSWORD", a.secret, "kibanaSystemPassword"),
            ],
            ports: [{ name: "http", containerPort: KIBANA_PORT }],
            readinessProbe: { httpGet: { path: "/api/status", port: "http" }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 12 },
            resources: containerResources(KIBANA_RESOURCES),
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
          }],
        },
      },
    },
  }, opts);
  return new k8s.core.v1.Service(name, {
    metadata: { name: KIBANA_NAME, namespace: a.namespace, labels },
    spec: { type: "ClusterIP", selector, ports: [{ name: "http", port: KIBANA_PORT, targetPort: "http" }] },
  }, opts);
}
