import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../config";
import { IMAGES, imageTag } from "../images";
import { METRICS_PORT_NAME, containerResources, scrapedDaemonSet, standardLabels } from "../kubernetes";
import type { ScrapeTarget } from "../prometheus/scrape-target";

/** Stable name of the DaemonSet and Service, and the Prometheus job. */
export const DCGM_EXPORTER_NAME = "dcgm-exporter";
export const DCGM_EXPORTER_PORT = 9400;
/** The kubelet's pod-resources socket directory: which pod holds which GPU, for the exporter's pod labels. */
export const POD_RESOURCES_DIR = "/var/lib/kubelet/pod-resources";

export interface DcgmExporterArgs {
  /** The validated stack config; reads `gpu` (node selector, tolerations, runtime class, resources). Only Kubernetes stacks run it. */
  config: Pick<StackConfig, "namespace" | "gpu">;
  /** Kubernetes namespace of every object (may be a Namespace resource's output). Defaults to `config.namespace`. */
  namespace?: pulumi.Input<string>;
}

/** How Prometheus scrapes the DCGM exporters (one target per GPU node). */
export function dcgmScrapeTarget(): ScrapeTarget {
  return { job: DCGM_EXPORTER_NAME, endpoint: { host: DCGM_EXPORTER_NAME, port: DCGM_EXPORTER_PORT, portName: METRICS_PORT_NAME } };
}

/** The DCGM exporter's pod spec: GPU nodes only (selector, tolerations, runtime class from the config). */
export function dcgmPodSpec(gpu: StackConfig["gpu"], serviceAccount: pulumi.Input<string>): k8s.types.input.core.v1.PodSpec {
  return {
    serviceAccountName: serviceAccount,
    automountServiceAccountToken: false,
    nodeSelector: gpu.nodeSelector,
    tolerations: gpu.tolerations,
    ...(gpu.runtimeClassName === undefined ? {} : { runtimeClassName: gpu.runtimeClassName }),
    containers: [{
      name: DCGM_EXPORTER_NAME,
      image: IMAGES.dcgmExporter,
      env: [
        { name: "DCGM_EXPORTER_LISTEN", value: `:${DCGM_EXPORTER_PORT}` },
        // Label each GPU's series with the pod using it (read from the kubelet's pod-resources API).
        { name: "DCGM_EXPORTER_KUBERNETES", value: "true" },
        { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
      ],
      ports: [{ name: METRICS_PORT_NAME, containerPort: DCGM_EXPORTER_PORT }],
      readinessProbe: { httpGet: { path: "/health", port: METRICS_PORT_NAME }, initialDelaySeconds: 15, periodSeconds: 10 },
      livenessProbe: { httpGet: { path: "/health", port: METRICS_PORT_NAME }, initialDelaySeconds: 45, periodSeconds: 20, failureThreshold: 6 },
      resources: containerResources(gpu.resources),
      // DCGM's profiling fields (DCP: tensor-core activity and the like) need SYS_ADMIN; nothing else is added.
      securityContext: { runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } },
      volumeMounts: [{ name: "pod-resources", mountPath: POD_RESOURCES_DIR, readOnly: true }],
    }],
    volumes: [{ name: "pod-resources", hostPath: { path: POD_RESOURCES_DIR, type: "Directory" } }],
  };
}

/**
 * NVIDIA's DCGM exporter on every GPU node, scraped by Prometheus (job `dcgm-exporter`); the recording rules map
 * its `DCGM_FI_DEV_*` fields onto the catalog's `llm_gpu_*` gauges (alerts/recording/gpu.ts).
 */
export class DcgmExporter extends pulumi.ComponentResource {
  /** What Prometheus scrapes. */
  readonly scrapeTarget: ScrapeTarget;

  constructor(name: string, args: DcgmExporterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("llmobs:gpu:DcgmExporter", name, {}, opts);
    const namespace = args.namespace ?? args.config.namespace;
    const child = { parent: this };
    const version = imageTag(IMAGES.dcgmExporter);
    const account = new k8s.core.v1.ServiceAccount(`${name}-sa`, {
      metadata: { name: DCGM_EXPORTER_NAME, namespace, labels: standardLabels({ name: DCGM_EXPORTER_NAME, component: "gpu", version }) },
      automountServiceAccountToken: false,
    }, child);
    scrapedDaemonSet(name, {
      namespace, name: DCGM_EXPORTER_NAME, component: "gpu", version, port: DCGM_EXPORTER_PORT,
      podSpec: dcgmPodSpec(args.config.gpu, account.metadata.name),
    }, child);
    this.scrapeTarget = dcgmScrapeTarget();
    this.registerOutputs({});
  }
}
