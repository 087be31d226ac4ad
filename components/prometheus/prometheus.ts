import * as pulumi from "@pulumi/pulumi";
import { ConfigError, type SecretKey, type StackConfig } from "../../config";
import { pickSecrets } from "../kubernetes";
import { deployPrometheusDocker } from "./docker";
import { deployPrometheusKubernetes } from "./kubernetes";
import { PROMETHEUS_NAME, PROMETHEUS_PORT, RULES_SUBDIR } from "./names";
import { prometheusSecretKeys, renderPrometheusConfig, type PrometheusStackConfig } from "./render-config";
import type { ScrapeTarget } from "./scrape-target";

export interface PrometheusArgs {
  /** The validated stack config; reads `platform`, `namespace`, `cluster` and `prometheus`. */
  config: PrometheusStackConfig & Pick<StackConfig, "namespace">;
  /**
   * Kubernetes namespace of every object, created by the caller (pass the Namespace's name so objects wait for
   * it). Ignored on Docker. Defaults to `config.namespace`.
   */
  namespace?: pulumi.Input<string>;
  /** Name of the Docker network the container joins, created by the caller. Required on Docker; ignored on Kubernetes. */
  network?: pulumi.Input<string>;
  /** Rule file name (e.g. `llm-alerts.yml`) -> YAML content, loaded from `rules/`. Defaults to none. */
  ruleFiles?: Record<string, string>;
  /** What to scrape besides Prometheus, Alertmanager and `prometheus.llmBackends`. Defaults to none. */
  scrapeTargets?: ScrapeTarget[];
  /** Secret values by key; those the config references are mounted as files. Defaults to none. */
  secrets?: Partial<Record<SecretKey, pulumi.Input<string>>>;
}

/**
 * Prometheus for the stack: a StatefulSet (HA pair in prod) with discovery RBAC, config and rules on Kubernetes,
 * or one container on Docker. Credentials reach it only as files from a Secret / secret upload.
 */
export class Prometheus extends pulumi.ComponentResource {
  /** Bundle-relative path -> rendered content: `prometheus/prometheus.yml` and `prometheus/rules/<file>`. */
  readonly files: Record<string, string>;
  /** DNS name of the server inside the stack (Service or container alias). */
  readonly host: pulumi.Output<string>;
  /** Base URL of the server inside the stack, for Grafana datasources. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: PrometheusArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("llmobs:prometheus:Prometheus", name, {}, opts);
    const c = args.config;
    const rules = args.ruleFiles ?? {};
    const renderInput = { config: c, ruleFileNames: Object.keys(rules), scrapeTargets: args.scrapeTargets ?? [] };
    const config = renderPrometheusConfig(renderInput);
    const secrets = pickSecrets(prometheusSecretKeys(renderInput), args.secrets ?? {}, "prometheus.yml");
    this.files = {
      "prometheus/prometheus.yml": config,
      ...Object.fromEntries(Object.entries(rules).map(([f, content]) => [`prometheus/${RULES_SUBDIR}/${f}`, content])),
    };

    const child = { parent: this };
    if (c.platform === "kubernetes") {
      const namespace = args.namespace ?? c.namespace;
      deployPrometheusKubernetes(name, { namespace, prometheus: c.prometheus, config, rules, secrets }, child);
      this.host = pulumi.interpolate`${PROMETHEUS_NAME}.${namespace}.svc`;
    } else {
      if (args.network === undefined) throw new ConfigError(["Prometheus: `network` is unset: expected the name of the stack's Docker network on the docker platform"]);
      deployPrometheusDocker(name, { prefix: c.namespace, network: args.network, prometheus: c.prometheus, config, rules, secrets }, child);
      this.host = pulumi.output(PROMETHEUS_NAME);
    }
    this.url = pulumi.interpolate`http://${this.host}:${PROMETHEUS_PORT}`;
    this.registerOutputs({ host: this.host, url: this.url });
  }
}
