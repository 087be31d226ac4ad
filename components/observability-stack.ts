import * as docker from "@pulumi/docker";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ruleFiles } from "../alerts";
import type { SecretKey, StackConfig } from "../config";
import { Alertmanager } from "./alertmanager";
import { Grafana } from "./grafana";
import { LlmExporter } from "./exporter";
import { PART_OF } from "./kubernetes";
import { Prometheus, type ScrapeTarget } from "./prometheus";

export interface ObservabilityStackArgs {
  /** The validated stack config (`loadStackConfig`): decides the platform, sizes, retention, receivers and rules. */
  config: StackConfig;
  /**
   * Secret values by key (`llmobs:slackWebhookUrl`, ...), as Pulumi secrets. Each reaches only the workload that
   * needs it, through a Kubernetes Secret or a secret container upload. Defaults to none.
   */
  secrets?: Partial<Record<SecretKey, pulumi.Input<string>>>;
  /** Extra rule files (name -> YAML) loaded next to the generated ones, e.g. a team's own alerts. Defaults to none. */
  extraRuleFiles?: Record<string, string>;
  /** Extra scrape targets (e.g. an application's own /metrics). Defaults to none. */
  extraScrapeTargets?: ScrapeTarget[];
  /** Prebuilt exporter image with an exact tag (skips building exporter/Dockerfile). Defaults to building it. */
  exporterImage?: pulumi.Input<string>;
}

/**
 * The whole observability stack of one environment: Prometheus (with the generated recording/alerting rules),
 * Alertmanager and the LLM metrics exporter, in one Kubernetes namespace or on one Docker network. Pass a
 * provider through `opts.providers` to target a cluster or Docker host of your own.
 */
export class ObservabilityStack extends pulumi.ComponentResource {
  /** Bundle-relative path -> rendered content of every config file the stack deploys (for review and `render`). */
  readonly files: Record<string, string>;
  /** Kubernetes namespace, or the Docker network name on the docker platform. */
  readonly namespace: pulumi.Output<string>;
  readonly prometheus: Prometheus;
  readonly alertmanager: Alertmanager;
  /** Absent when `exporter.enabled` is false. */
  readonly exporter?: LlmExporter;
  /** Absent when `grafana.enabled` is false. */
  readonly grafana?: Grafana;

  constructor(name: string, args: ObservabilityStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmobs:index:ObservabilityStack", name, {}, opts);
    const { config } = args;
    const secrets = args.secrets ?? {};
    const child = { parent: this };

    // Kubernetes objects wait for the Namespace, containers for the network, by taking their name as an output.
    let namespace: pulumi.Output<string> | undefined;
    let network: pulumi.Output<string> | undefined;
    if (config.platform === "kubernetes") {
      const ns = new k8s.core.v1.Namespace(`${name}-namespace`, {
        metadata: { name: config.namespace, labels: { "app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/managed-by": "pulumi" } },
      }, child);
      namespace = ns.metadata.name;
      this.namespace = namespace;
    } else {
      const net = new docker.Network(`${name}-network`, { name: config.namespace, driver: "bridge", attachable: true }, child);
      network = net.name;
      this.namespace = network;
    }
    const placement = { namespace, network };

    if (config.exporter.enabled) {
      this.exporter = new LlmExporter(`${name}-exporter`, {
        config, ...placement,
        secrets: { exporterApiToken: secrets.exporterApiToken, exporterMetricsPassword: secrets.exporterMetricsPassword },
        image: args.exporterImage,
      }, child);
    }
    this.alertmanager = new Alertmanager(`${name}-alertmanager`, { config, ...placement, secrets }, child);
    this.prometheus = new Prometheus(`${name}-prometheus`, {
      config, ...placement, secrets,
      ruleFiles: { ...ruleFiles(config), ...args.extraRuleFiles },
      scrapeTargets: [...(this.exporter ? [this.exporter.scrapeTarget] : []), ...(args.extraScrapeTargets ?? [])],
    }, child);

    if (config.grafana.enabled) {
      this.grafana = new Grafana(`${name}-grafana`, {
        config, ...placement, adminPassword: secrets.grafanaAdminPassword, apiToken: secrets.grafanaApiToken,
      }, child);
    }

    this.files = { ...this.prometheus.files, ...this.alertmanager.files, ...this.exporter?.files, ...this.grafana?.files };
    this.registerOutputs({
      namespace: this.namespace, prometheusUrl: this.prometheus.url, alertmanagerUrl: this.alertmanager.url, grafanaUrl: this.grafana?.url,
    });
  }
}
