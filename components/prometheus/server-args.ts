import type { PrometheusConfig } from "../../config";
import { PROMETHEUS_CONFIG_DIR, PROMETHEUS_DATA_DIR } from "./names";

/**
 * Server flags. Retention bounds the TSDB by age and by size (GiB, which Prometheus spells `GB`), so it never
 * outgrows its volume; the lifecycle API lets a config change be applied with a reload instead of a restart.
 */
export function prometheusArgs(p: PrometheusConfig): string[] {
  return [
    `--config.file=${PROMETHEUS_CONFIG_DIR}/prometheus.yml`,
    `--storage.tsdb.path=${PROMETHEUS_DATA_DIR}`,
    `--storage.tsdb.retention.time=${p.retentionTime}`,
    `--storage.tsdb.retention.size=${p.retentionSizeGb}GB`,
    "--web.enable-lifecycle",
    // exemplar-storage keeps the trace ids the exporter puts on latency buckets, which Grafana's latency panels link to Jaeger.
    "--enable-feature=expand-external-labels,exemplar-storage",
  ];
}
