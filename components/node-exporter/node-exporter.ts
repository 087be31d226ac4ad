import * as pulumi from "@pulumi/pulumi";
import { ConfigError, type StackConfig } from "../../config";
import { stackContainer } from "../docker";
import { IMAGES, imageTag } from "../images";
import { METRICS_PORT_NAME, NOBODY, containerResources, scrapedDaemonSet } from "../kubernetes";
import type { ScrapeTarget } from "../prometheus/scrape-target";

/** Stable name of the DaemonSet, Service and container alias, and the Prometheus job. */
export const NODE_EXPORTER_NAME = "node-exporter";
export const NODE_EXPORTER_PORT = 9100;

/** Where the host's filesystems are mounted inside the container. */
const HOST = { root: "/host/root", proc: "/host/proc", sys: "/host/sys" };

/** The exporter's flags: read the host's /proc, /sys and root filesystem, skip container and virtual mounts. */
export function nodeExporterArgs(listenAddress: string): string[] {
  return [
    `--web.listen-address=${listenAddress}`,
    `--path.procfs=${HOST.proc}`,
    `--path.sysfs=${HOST.sys}`,
    `--path.rootfs=${HOST.root}`,
    "--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run|var/lib/docker/.+|var/lib/kubelet/.+|var/lib/containerd/.+)($|/)",
    "--collector.filesystem.fs-types-exclude=^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs|tmpfs)$",
  ];
}

export interface NodeExporterArgs {
  /** The validated stack config; reads `platform`, `namespace` and `nodeExporter`. */
  config: Pick<StackConfig, "platform" | "namespace" | "nodeExporter">;
  /** Kubernetes namespace (may be a Namespace resource's output). Defaults to `config.namespace`. */
  namespace?: pulumi.Input<string>;
  /** Name of the Docker network the container joins; required on Docker, ignored on Kubernetes. Defaults to none. */
  network?: pulumi.Input<string>;
}

/** How Prometheus scrapes the node exporters. */
export function nodeExporterScrapeTarget(): ScrapeTarget {
  return { job: NODE_EXPORTER_NAME, endpoint: { host: NODE_EXPORTER_NAME, port: NODE_EXPORTER_PORT, portName: METRICS_PORT_NAME } };
}

/**
 * The Prometheus node exporter, whose CPU, memory, disk and network series the infrastructure recording rules
 * (node:*, network:*) read: a DaemonSet on every node (host network and PID namespace, so it sees the node, not a
 * pod), or one container on Docker reading the host's /proc, /sys and / through read-only binds.
 */
export class NodeExporter extends pulumi.ComponentResource {
  /** What Prometheus scrapes. */
  readonly scrapeTarget: ScrapeTarget;

  constructor(name: string, args: NodeExporterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("llmobs:node:NodeExporter", name, {}, opts);
    const c = args.config;
    const child = { parent: this };
    const mounts = [
      { name: "root", hostPath: "/", mountPath: HOST.root },
      { name: "proc", hostPath: "/proc", mountPath: HOST.proc },
      { name: "sys", hostPath: "/sys", mountPath: HOST.sys },
    ];
    if (c.platform === "kubernetes") {
      scrapedDaemonSet(name, {
        namespace: args.namespace ?? c.namespace, name: NODE_EXPORTER_NAME, component: "infrastructure", version: imageTag(IMAGES.nodeExporter), port: NODE_EXPORTER_PORT,
        podSpec: {
          automountServiceAccountToken: false,
          hostNetwork: true,
          hostPID: true,
          // Every node, tainted or not: the GPU nodes are the ones to watch.
          tolerations: [{ operator: "Exists" }],
          securityContext: { runAsNonRoot: true, runAsUser: NOBODY, runAsGroup: NOBODY, seccompProfile: { type: "RuntimeDefault" } },
          containers: [{
            name: NODE_EXPORTER_NAME,
            image: IMAGES.nodeExporter,
            args: nodeExporterArgs(`:${NODE_EXPORTER_PORT}`),
            ports: [{ name: METRICS_PORT_NAME, containerPort: NODE_EXPORTER_PORT }],
            readinessProbe: { httpGet: { path: "/", port: METRICS_PORT_NAME }, periodSeconds: 10 },
            resources: containerResources(c.nodeExporter.resources),
            securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            volumeMounts: mounts.map((m) => ({ name: m.name, mountPath: m.mountPath, readOnly: true, ...(m.name === "root" ? { mountPropagation: "HostToContainer" } : {}) })),
          }],
          volumes: mounts.map((m) => ({ name: m.name, hostPath: { path: m.hostPath } })),
        },
      }, child);
    } else {
      if (args.network === undefined) throw new ConfigError(["NodeExporter: `network` is unset: expected the name of the stack's Docker network on the docker platform"]);
      stackContainer(name, {
        containerName: `${c.namespace}-${NODE_EXPORTER_NAME}`,
        image: IMAGES.nodeExporter,
        network: args.network,
        aliases: [NODE_EXPORTER_NAME],
        command: nodeExporterArgs(`:${NODE_EXPORTER_PORT}`),
        readOnlyBinds: Object.fromEntries(mounts.map((m) => [m.hostPath, m.mountPath])),
        resources: c.nodeExporter.resources,
      }, child);
    }
    this.scrapeTarget = nodeExporterScrapeTarget();
    this.registerOutputs({});
  }
}
