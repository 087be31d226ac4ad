export { isPinnedImage } from "../config/sections/common";
/**
 * Every container image the stack runs, pinned to an exact tag. This is the one place tags change: policies and
 * tests reject floating tags (`latest`, no tag) anywhere else.
 */
export const IMAGES = {
  /** 2.55.x: the last 2.x line, so the config stays checkable with the promtool 2.42 our CI installs. */
  prometheus: "prom/prometheus:v2.55.1",
  alertmanager: "prom/alertmanager:v0.27.0",
  /** The line the dashboards' JSON model (@grafana/grafana-foundation-sdk 11.6) is generated for. */
  grafana: "grafana/grafana:11.6.0",
  /** Base of exporter/Dockerfile (every stage); the Node the exporter's tests run on, so the image runs what CI tested. */
  exporterBase: "node:20.20.2-bookworm-slim",
  /** Fluentd with the Elasticsearch 8 output, kubernetes_metadata filter and CRI parser plugins. */
  fluentd: "fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-elasticsearch8-1.1",
  /** Also runs the retention Job (the image ships curl) and generates transport certificates (elasticsearch-certutil). */
  elasticsearch: "docker.elastic.co/elasticsearch/elasticsearch:8.17.4",
  /** Same version as Elasticsearch: Kibana refuses a cluster of another minor version. */
  kibana: "docker.elastic.co/kibana/kibana:8.17.4",
  /** Raises vm.max_map_count on Elasticsearch nodes (privileged init container). */
  sysctl: "busybox:1.37.0",
  /**
   * Jaeger v2 (collector-style config). 2.12.0 is the release of Go module github.com/jaegertracing/jaeger v1.75.0,
   * the version scripts/build-jaeger.sh builds and the tests run the rendered config in.
   */
  jaeger: "jaegertracing/jaeger:2.12.0",
  /** Deletes Jaeger's daily Elasticsearch indices older than the retention (same release as `jaeger`). */
  jaegerIndexCleaner: "jaegertracing/jaeger-es-index-cleaner:1.75.0",
  dcgmExporter: "nvcr.io/nvidia/k8s/dcgm-exporter:4.2.3-4.1.3-ubuntu22.04",
  nodeExporter: "quay.io/prometheus/node-exporter:v1.9.1",
  /**
   * The exporter image this release publishes (.github/workflows/release.yml pushes it on a `v<version>` tag); its
   * tag is the package version. Kubernetes stacks run it unless `exporter.image.ref` or `exporter.image.build` says otherwise.
   */
  exporter: "ghcr.io/llm-observability/llmobs-exporter:0.1.0",
} as const;

/** The tag of an image reference (`prom/prometheus:v2.55.1` -> `v2.55.1`), for version labels. */
export function imageTag(image: string): string {
  return /:([^/:@]+)(@.*)?$/.exec(image)?.[1] ?? "";
}
