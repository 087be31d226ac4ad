import type { StackConfig } from "../config";
import type { RecordedResource } from "./mocks";

export interface SummaryInput {
  stack: string;
  config: StackConfig;
  resources: readonly RecordedResource[];
  files: ReadonlyMap<string, string>;
  outDir: string;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

/** The table printed after a render: what this environment deploys, at a glance. */
export function summaryTable({ stack, config, resources, files, outDir }: SummaryInput): string {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const p = config.prometheus;
  const receivers = Object.keys(config.alertmanager.receivers);
  const facts = [
    ["stack", stack],
    ["platform", `${config.platform} (namespace ${config.namespace}, cluster ${config.cluster})`],
    ["prometheus", `${p.replicas} replica(s), scrape ${p.scrapeInterval}, retention ${p.retentionTime} / ${p.retentionSizeGb} GiB, storage ${p.storage.enabled ? `${p.storage.sizeGb} GiB` : "none"}`],
    ["alertmanager", `${config.alertmanager.replicas} replica(s), receivers: ${receivers.length ? receivers.join(", ") : "none (null receiver)"}`],
    ["exporter", config.exporter.enabled ? `${config.exporter.replicas} replica(s), upstreams: ${config.exporter.upstreams.map((u) => `${u.name} (${u.backend})`).join(", ")}` : "disabled"],
    ["logging", config.logging.enabled ? `Fluentd -> Elasticsearch ${config.logging.elasticsearch.replicas} node(s), retention ${config.logging.elasticsearch.retentionDays} d${config.logging.kibana ? ", Kibana" : ""}` : "disabled"],
    ["tracing", config.tracing.enabled ? `Jaeger ${config.tracing.replicas} replica(s), ${config.tracing.backend} storage, retention ${config.tracing.backend === "memory" ? `${config.tracing.maxTraces} traces` : `${config.tracing.retentionDays} d`}` : "disabled"],
    ["gpu / node", `DCGM exporter ${config.gpu.enabled ? "on" : "off"}, node exporter ${config.nodeExporter.enabled ? "on" : "off"}`],
  ];
  const typeRows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => [t, String(n)]);
  return [
    table([["", ""], ...facts]).trimStart(),
    "",
    table([["resource type", "count"], ...typeRows]),
    "",
    `${resources.length} resources, ${files.size} files written to ${outDir}`,
    "",
  ].join("\n");
}
