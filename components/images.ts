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
