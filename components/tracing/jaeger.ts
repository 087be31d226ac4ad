import * as pulumi from "@pulumi/pulumi";
import { ConfigError, type SecretKey, type StackConfig } from "../../config";
import { pickSecrets } from "../kubernetes";
import { ELASTICSEARCH_NAME, ELASTICSEARCH_PORT, ELASTIC_USER } from "../logging/names";
import type { ScrapeTarget } from "../prometheus/scrape-target";
import { METRICS_PORT_NAME } from "../kubernetes/scrape";
import { deployJaegerDocker } from "./docker";
import { deployJaegerKubernetes } from "./kubernetes";
import { JAEGER_METRICS_PORT, JAEGER_NAME, JAEGER_OTLP_HTTP_PORT, JAEGER_QUERY_PORT } from "./names";
import { renderJaegerConfig, type JaegerRenderInput } from "./render-config";

export interface JaegerArgs {
  /**
   * The validated stack config; reads `platform`, `namespace`, `tracing` and, with the elasticsearch backend,
   * `logging.elasticsearch.replicas`. Whether to create Jaeger at all (`tracing.enabled`) is the caller's call.
   */
  config: Pick<StackConfig, "platform" | "namespace" | "tracing" | "logging">;
  /** Kubernetes namespace of every object (may be a Namespace resource's output). Defaults to `config.namespace`. */
  namespace?: pulumi.Input<string>;
  /** Name of the Docker network the container joins; required on Docker, ignored on Kubernetes. Defaults to none. */
  network?: pulumi.Input<string>;
  /** Secret values by key; the elasticsearch backend needs `elasticsearchPassword`. Defaults to none. */
  secrets?: Partial<Record<SecretKey, pulumi.Input<string>>>;
}

/** The render input of a stack's Jaeger: the logging cluster's in-stack address with the elasticsearch backend. */
export function jaegerRenderInput(config: JaegerArgs["config"]): JaegerRenderInput {
  const es = config.tracing.backend === "elasticsearch"
    ? { url: `http://${ELASTICSEARCH_NAME}:${ELASTICSEARCH_PORT}`, username: ELASTIC_USER, indexReplicas: Math.min(1, config.logging.elasticsearch.replicas - 1) }
    : undefined;
  return { tracing: config.tracing, elasticsearch: es };
}

/** How Prometheus scrapes Jaeger's own metrics. */
export function jaegerScrapeTarget(): ScrapeTarget {
  return { job: JAEGER_NAME, endpoint: { host: JAEGER_NAME, port: JAEGER_METRICS_PORT, portName: METRICS_PORT_NAME } };
}

/**
 * Jaeger v2 for the stack's traces: OTLP in (the exporter sends its spans to `otlpHttpEndpoint`), spans kept in
 * memory, Badger (with `retentionDays` as TTL) or the logging Elasticsearch cluster (indices deleted after
 * `retentionDays`), the query API/UI for Grafana's Jaeger datasource. A Deployment on Kubernetes, a container on Docker.
 */
export class Jaeger extends pulumi.ComponentResource {
  /** Bundle-relative path -> rendered content: `jaeger/config.yaml`. */
  readonly files: Record<string, string>;
  /** OTLP/HTTP base URL inside the stack (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  readonly otlpHttpEndpoint: string;
  /** Query API / UI base URL inside the stack, for Grafana's Jaeger datasource. */
  readonly queryUrl: string;
  /** What Prometheus scrapes: Jaeger's own metrics. */
  readonly scrapeTarget: ScrapeTarget;

  constructor(name: string, args: JaegerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("llmobs:tracing:Jaeger", name, {}, opts);
    const c = args.config;
    const input = jaegerRenderInput(c);
    const config = renderJaegerConfig(input);
    this.files = { "jaeger/config.yaml": config };
    const secrets = pickSecrets(input.elasticsearch ? ["elasticsearchPassword"] : [], args.secrets ?? {}, "Jaeger's elasticsearch storage");

    const child = { parent: this };
    if (c.platform === "kubernetes") {
      const namespace = args.namespace ?? c.namespace;
      deployJaegerKubernetes(name, { namespace, tracing: c.tracing, config, secrets, elasticsearchUrl: input.elasticsearch?.url }, child);
    } else {
      if (args.network === undefined) throw new ConfigError(["Jaeger: `network` is unset: expected the name of the stack's Docker network on the docker platform"]);
      deployJaegerDocker(name, { prefix: c.namespace, network: args.network, tracing: c.tracing, config, secrets }, child);
    }
    // Same-namespace Service name / container alias: resolvable from every workload of the stack.
    this.otlpHttpEndpoint = `http://${JAEGER_NAME}:${JAEGER_OTLP_HTTP_PORT}`;
    this.queryUrl = `http://${JAEGER_NAME}:${JAEGER_QUERY_PORT}`;
    this.scrapeTarget = jaegerScrapeTarget();
    this.registerOutputs({ otlpHttpEndpoint: this.otlpHttpEndpoint, queryUrl: this.queryUrl });
  }
}
