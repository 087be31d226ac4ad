import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { METRICS_PORT_NAME, scrapeLabels } from "./scrape";
import { selectorLabels, standardLabels } from "./labels";

/** A per-node exporter: its identity, metrics port and pod spec (minus the selector-derived parts). */
export interface NodeAgentArgs {
  /** Namespace of the objects. */
  namespace: pulumi.Input<string>;
  /** Stable name of the DaemonSet and Service, and the Prometheus job (e.g. `node-exporter`). */
  name: string;
  /** `app.kubernetes.io/component`. */
  component: string;
  /** Image tag, for the version label. */
  version: string;
  /** The metrics port the container serves on (named `metrics`). */
  port: number;
  /** The pod spec; the container serving metrics must declare the port named `metrics`. */
  podSpec: k8s.types.input.core.v1.PodSpec;
  /** Pod-template annotations (e.g. a config checksum). Defaults to none. */
  podAnnotations?: Record<string, string>;
}

/**
 * A DaemonSet with a headless Service labelled for Prometheus: every pod on every selected node becomes one
 * scrape target of job `name` (EndpointSlice discovery), whatever node it runs on.
 */
export function scrapedDaemonSet(resourceName: string, a: NodeAgentArgs, opts: pulumi.CustomResourceOptions) {
  const labels = standardLabels({ name: a.name, component: a.component, version: a.version });
  const selector = selectorLabels({ name: a.name });
  const daemonSet = new k8s.apps.v1.DaemonSet(resourceName, {
    metadata: { name: a.name, namespace: a.namespace, labels },
    spec: {
      selector: { matchLabels: selector },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
      template: { metadata: { labels, ...(a.podAnnotations ? { annotations: a.podAnnotations } : {}) }, spec: a.podSpec },
    },
  }, opts);
  const service = new k8s.core.v1.Service(`${resourceName}-metrics`, {
    metadata: { name: a.name, namespace: a.namespace, labels: { ...labels, ...scrapeLabels(a.name) } },
    spec: { clusterIP: "None", selector, ports: [{ name: METRICS_PORT_NAME, port: a.port, targetPort: METRICS_PORT_NAME }] },
  }, opts);
  return { daemonSet, service, labels };
}
