import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, type SecretKey, type StackConfig } from "../../config";
import { pickSecrets, standardLabels } from "../kubernetes";
import type { ScrapeTarget } from "../prometheus/scrape-target";
import { METRICS_PORT_NAME } from "../kubernetes/scrape";
import { deployLoggingDocker } from "./docker";
import { deployElasticsearch } from "./elasticsearch";
import { deployFluentd } from "./fluentd";
import { renderFluentConf } from "./fluent-conf";
import { deployKibana } from "./kibana";
import { ELASTICSEARCH_NAME, ELASTICSEARCH_PORT, FLUENTD_METRICS_PORT, FLUENTD_NAME, FLUENTD_STATE_DIR } from "./names";
import { retentionFiles } from "./retention";

export interface LoggingArgs {
  /** The validated stack config; reads `platform`, `namespace` and `logging`. Whether to deploy at all (`logging.enabled`) is the caller's call. */
  config: Pick<StackConfig, "platform" | "namespace" | "logging">;
  /** Kubernetes namespace of every namespaced object (may be a Namespace resource's output). Defaults to `config.namespace`. */
  namespace?: pulumi.Input<string>;
  /** Name of the Docker network the containers join; required on Docker, ignored on Kubernetes. Defaults to none. */
  network?: pulumi.Input<string>;
  /** Secret values: `elasticsearchPassword` always, `kibanaSystemPassword` with `logging.kibana`. Defaults to none (an error). */
  secrets?: Partial<Record<SecretKey, pulumi.Input<string>>>;
}

/** The secret keys the log pipeline mounts. */
export function loggingSecretKeys(logging: StackConfig["logging"]): SecretKey[] {
  return logging.kibana ? ["elasticsearchPassword", "kibanaSystemPassword"] : ["elasticsearchPassword"];
}

/** How Prometheus scrapes Fluentd's own metrics (one target per node). */
export function fluentdScrapeTarget(): ScrapeTarget {
  return { job: FLUENTD_NAME, endpoint: { host: FLUENTD_NAME, port: FLUENTD_METRICS_PORT, portName: METRICS_PORT_NAME } };
}

/**
 * The log pipeline: Fluentd on every node tailing container logs into Elasticsearch (1 node in dev, 3 in prod),
 * whose indices an ILM policy deletes after `logging.elasticsearch.retentionDays`, and Kibana on request.
 * On Docker the same pieces run as containers, Fluentd reading the engine's json-file logs.
 */
export class Logging extends pulumi.ComponentResource {
  /** Bundle-relative path -> rendered content: fluent.conf, the ILM policy, the index template and the script applying them. */
  readonly files: Record<string, string>;
  /** Elasticsearch base URL inside the stack, for Grafana's Elasticsearch datasource and Jaeger's storage. */
  readonly elasticsearchUrl: string;
  /** What Prometheus scrapes: Fluentd's metrics. */
  readonly scrapeTargets: ScrapeTarget[];

  constructor(name: string, args: LoggingArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("llmobs:logging:Logging", name, {}, opts);
    const c = args.config;
    const l = c.logging;
    const secrets = pickSecrets(loggingSecretKeys(l), args.secrets ?? {}, "the logging pipeline (Elasticsearch security)");
    const fluentConf = renderFluentConf({ logging: l, source: { platform: c.platform, namespace: c.namespace, stateDir: FLUENTD_STATE_DIR } });
    const retention = retentionFiles(l.elasticsearch.retentionDays, c.platform === "docker" ? 1 : l.elasticsearch.replicas, l.kibana);
    this.files = {
      "logging/fluent.conf": fluentConf,
      ...Object.fromEntries(Object.entries(retention).map(([file, content]) => [`logging/elasticsearch/${file}`, content])),
    };

    const child = { parent: this };
    if (c.platform === "kubernetes") {
      const namespace = args.namespace ?? c.namespace;
      const secret = new k8s.core.v1.Secret(`${name}-elasticsearch-credentials`, {
        metadata: { namespace, labels: standardLabels({ name: ELASTICSEARCH_NAME, component: "logging" }) },
        type: "Opaque",
        stringData: secrets,
      }, child);
      const secretName = secret.metadata.name;
      deployElasticsearch(`${name}-elasticsearch`, { namespace, logging: l, secret: secretName, retention }, child);
      deployFluentd(`${name}-fluentd`, { namespace, namespaceName: c.namespace, logging: l, config: fluentConf, secret: secretName }, child);
      if (l.kibana) deployKibana(`${name}-kibana`, { namespace, secret: secretName }, child);
    } else {
      if (args.network === undefined) throw new ConfigError(["Logging: `network` is unset: expected the name of the stack's Docker network on the docker platform"]);
      deployLoggingDocker(name, { prefix: c.namespace, network: args.network, logging: l, fluentConf, retention, secrets }, child);
    }
    this.elasticsearchUrl = `http://${ELASTICSEARCH_NAME}:${ELASTICSEARCH_PORT}`;
    this.scrapeTargets = [fluentdScrapeTarget()];
    this.registerOutputs({ elasticsearchUrl: this.elasticsearchUrl });
  }
}
