import * as docker from "@pulumi/docker";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ruleFiles } from "../alerts";
import type { SecretKey, StackConfig } from "../config";
import { Alertmanager } from "./alertmanager";
import { Grafana } from "./grafana";
import { LlmExporter } from "./exporter";
import { DcgmExporter } from "./gpu";
import { PART_OF, pickSecrets } from "./kubernetes";
import { Logging, loggingSecretKeys } from "./logging";
import { NodeExporter } from "./node-exporter";
import { Prometheus, type ScrapeTarget } from "./prometheus";
import { Jaeger } from "./tracing";

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
  /** Exporter image with an exact tag, e.g. one your CI built; overrides `exporter.image`. Defaults to `exporter.image` (the published image on Kubernetes, a build on Docker). */
  exporterImage?: pulumi.Input<string>;
}

/** The credentials the stack's parts mount, checked before any resource is declared. */
function requiredSecretKeys(config: StackConfig): SecretKey[] {
  const keys = new Set<SecretKey>(config.logging.enabled ? loggingSecretKeys(config.logging) : []);
  if (config.tracing.enabled && config.tracing.backend === "elasticsearch") keys.add("elasticsearchPassword");
  return [...keys];
}

/**
 * The whole observability stack of one environment: Prometheus (with the generated recording/alerting rules),
 * Alertmanager, the LLM metrics exporter, Jaeger, Fluentd -> Elasticsearch, the DCGM and node exporters, each
 * as its config section switches it on, in one Kubernetes namespace or on one Docker network. Pass a provider
 * through `opts.providers` to target a cluster or Docker host of your own.
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
  /** Fluentd, Elasticsearch (and Kibana); absent when `logging.enabled` is false. */
  readonly logging?: Logging;
  /** Jaeger; absent when `tracing.enabled` is false. */
  readonly tracing?: Jaeger;
  /** The DCGM exporter; absent when `gpu.enabled` is false. */
  readonly gpu?: DcgmExporter;
  /** Absent when `nodeExporter.enabled` is false. */
  readonly nodeExporter?: NodeExporter;
  /** Absent when `grafana.enabled` is false. */
  readonly grafana?: Grafana;

  constructor(name: string, args: ObservabilityStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmobs:index:ObservabilityStack", name, {}, opts);
    const { config } = args;
    const secrets = args.secrets ?? {};
    // A missing credential stops the stack before its first resource, not halfway through declaring it.
    pickSecrets(requiredSecretKeys(config), secrets, "the stack's logging/tracing storage");
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

    if (config.logging.enabled) this.logging = new Logging(`${name}-logging`, { config, ...placement, secrets }, child);
    if (config.tracing.enabled) this.tracing = new Jaeger(`${name}-jaeger`, { config, ...placement, secrets }, child);
    if (config.gpu.enabled) this.gpu = new DcgmExporter(`${name}-dcgm`, { config, namespace }, child);
    if (config.nodeExporter.enabled) this.nodeExporter = new NodeExporter(`${name}-node-exporter`, { config, ...placement }, child);
    if (config.exporter.enabled) {
      this.exporter = new LlmExporter(`${name}-exporter`, {
        config, ...placement,
        secrets: { exporterApiToken: secrets.exporterApiToken, exporterMetricsPassword: secrets.exporterMetricsPassword },
        image: args.exporterImage,
        otlpEndpoint: this.tracing?.otlpHttpEndpoint,
      }, child);
    }
    this.alertmanager = new Alertmanager(`${name}-alertmanager`, { config, ...placement, secrets }, child);
    this.prometheus = new Prometheus(`${name}-prometheus`, {
      config, ...placement, secrets,
      ruleFiles: { ...ruleFiles(config), ...args.extraRuleFiles },
      scrapeTargets: [
        ...(this.exporter ? [this.exporter.scrapeTarget] : []),
        ...(this.tracing ? [this.tracing.scrapeTarget] : []),
        ...(this.logging?.scrapeTargets ?? []),
        ...(this.gpu ? [this.gpu.scrapeTarget] : []),
        ...(this.nodeExporter ? [this.nodeExporter.scrapeTarget] : []),
        ...(args.extraScrapeTargets ?? []),
      ],
    }, child);

    if (config.grafana.enabled) {
      this.grafana = new Grafana(`${name}-grafana`, {
        config, ...placement, adminPassword: secrets.grafanaAdminPassword, apiToken: secrets.grafanaApiToken,
        elasticsearchPassword: secrets.elasticsearchPassword,
      }, child);
    }

    this.files = {
      ...this.prometheus.files, ...this.alertmanager.files, ...this.exporter?.files, ...this.logging?.files, ...this.tracing?.files,
      ...this.grafana?.files,
    };
    this.registerOutputs({
      namespace: this.namespace, prometheusUrl: this.prometheus.url, alertmanagerUrl: this.alertmanager.url,
      elasticsearchUrl: this.logging?.elasticsearchUrl, jaegerQueryUrl: this.tracing?.queryUrl, grafanaUrl: this.grafana?.url,
    });
  }
}
