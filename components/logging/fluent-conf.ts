import type { LoggingConfig } from "../../config";
import { ELASTICSEARCH_NAME, ELASTICSEARCH_PORT, ELASTIC_USER, FLUENTD_METRICS_PORT, LOG_INDEX_PREFIX } from "./names";

/** The environment variable holding the `elastic` password inside the Fluentd container (from a Secret). */
export const FLUENTD_PASSWORD_ENV = "ELASTIC_PASSWORD";

/** Where the logs come from: a Kubernetes node's container logs, or the Docker engine's json-file logs. */
export interface FluentSource {
  /** `kubernetes` tails /var/log/containers and adds pod metadata; `docker` tails the engine's json-file logs. */
  platform: "kubernetes" | "docker";
  /** Namespace Fluentd runs in (Kubernetes), so it does not ship its own log lines back to itself. */
  namespace: string;
  /** Directory for the file buffer and tail positions (a hostPath or named volume, so both survive restarts). */
  stateDir: string;
}

/** Everything fluent.conf is a function of. */
export interface FluentConfInput {
  /** The `logging` section of the stack config: buffer limits, flush, retry, overflow, container log format. */
  logging: LoggingConfig;
  source: FluentSource;
  /** Elasticsearch host. Defaults to the `elasticsearch` Service / container alias. */
  elasticsearchHost?: string;
}

type Params = [string, string | number | boolean][];

/** One `<directive arg>` with `key value` lines and nested directives. */
interface Directive {
  name: string;
  arg?: string;
  params: Params;
  children?: Directive[];
}

function render(d: Directive, indent = ""): string {
  const inner = `${indent}  `;
  const lines = [
    `${indent}<${d.name}${d.arg ? ` ${d.arg}` : ""}>`,
    ...d.params.map(([k, v]) => `${inner}${k} ${v}`),
    ...(d.children ?? []).map((c) => render(c, inner)),
    `${indent}</${d.name}>`,
  ];
  return lines.join("\n");
}

/** Fluentd's size unit: MiB as `2M`. */
const mib = (n: number) => `${n}M`;

/** The file buffer every output gets: seed 003's flush, exponential retry, chunk and total limits, overflow action. */
function fileBuffer(l: LoggingConfig, path: string): Directive {
  const f = l.fluentd;
  return {
    name: "buffer",
    params: [
      ["@type", "file"],
      ["path", path],
      ["flush_mode", "interval"],
      ["flush_interval", f.flushInterval],
      ["flush_thread_count", 2],
      ["retry_type", "exponential_backoff"],
      // Elasticsearch being down for hours must not lose logs while the buffer has room; overflow_action decides after that.
      ["retry_forever", true],
      ["retry_max_interval", f.retryMaxInterval],
      ["chunk_limit_size", mib(f.chunkLimitMb)],
      ["total_limit_size", mib(f.totalLimitMb)],
      ["overflow_action", f.overflowAction],
    ],
  };
}

function tail(input: FluentConfInput): Directive {
  const { source, logging } = input;
  const kubernetes = source.platform === "kubernetes";
  const cri = kubernetes && logging.fluentd.containerLogFormat === "cri";
  const parse: Directive = cri
    ? { name: "parse", params: [["@type", "cri"]] }
    : { name: "parse", params: [["@type", "json"], ["time_key", "time"], ["time_type", "string"], ["time_format", "%Y-%m-%dT%H:%M:%S.%NZ"]] };
  return {
    name: "source",
    params: [
      ["@type", "tail"],
      ["@id", "in_tail_container_logs"],
      ["path", kubernetes ? "/var/log/containers/*.log" : "/var/lib/docker/containers/*/*-json.log"],
      // Fluentd's own lines would otherwise be shipped, fail, be logged and shipped again.
      ...(kubernetes ? [["exclude_path", `["/var/log/containers/fluentd-*_${source.namespace}_*.log"]`] as [string, string]] : []),
      ["pos_file", `${source.stateDir}/containers.log.pos`],
      ["tag", kubernetes ? "kubernetes.*" : "docker.*"],
      ["read_from_head", true],
      ["follow_inodes", true],
    ],
    children: [parse],
  };
}

/** The field holding the application's line: the CRI parser's `message`, Docker json-file's `log`. */
function lineKey(input: FluentConfInput): string {
  return input.source.platform === "kubernetes" && input.logging.fluentd.containerLogFormat === "cri" ? "message" : "log";
}

function filters(input: FluentConfInput, tag: string): Directive[] {
  const out: Directive[] = [];
  if (input.source.platform === "kubernetes") {
    if (input.logging.fluentd.containerLogFormat === "cri") {
      // The runtime splits lines longer than 16 KiB into partial (P) records; join them before parsing JSON.
      out.push({
        name: "filter", arg: tag,
        params: [["@type", "concat"], ["key", "message"], ["use_partial_cri_logtag", true], ["partial_cri_logtag_key", "logtag"], ["partial_cri_stream_key", "stream"], ["separator", '""']],
      });
    }
    out.push({
      name: "filter", arg: tag,
      params: [["@type", "kubernetes_metadata"], ["@id", "filter_kube_metadata"], ["skip_labels", false], ["skip_container_metadata", false], ["skip_namespace_metadata", false], ["skip_master_url", true]],
    });
  }
  // Applications that log JSON (the exporter's pino lines) become fields; other lines pass through as they are.
  // The event keeps the container runtime's timestamp (reserve_time): pino writes `time` as epoch milliseconds,
  // other applications as text, so the parser is pointed at a key no application writes and `time` stays a field.
  out.push({
    name: "filter", arg: tag,
    params: [["@type", "parser"], ["key_name", lineKey(input)], ["reserve_data", true], ["reserve_time", true], ["remove_key_name_field", true], ["emit_invalid_record_to_error", false]],
    children: [{ name: "parse", params: [["@type", "json"], ["time_key", "llmobs_parsed_time"]] }],
  });
  return out;
}

function elasticsearchOutput(input: FluentConfInput, tag: string): Directive {
  return {
    name: "match", arg: tag,
    params: [
      ["@type", "elasticsearch"],
      ["@id", "out_elasticsearch"],
      ["host", input.elasticsearchHost ?? ELASTICSEARCH_NAME],
      ["port", ELASTICSEARCH_PORT],
      ["scheme", "http"],
      ["user", ELASTIC_USER],
      // Read from the environment (a Secret) when Fluentd starts: the password never appears in this file.
      ["password", `"#{ENV['${FLUENTD_PASSWORD_ENV}']}"`],
      // Daily indices; the index template attaches the ILM policy that deletes them after retentionDays.
      ["logstash_format", true],
      ["logstash_prefix", LOG_INDEX_PREFIX],
      ["logstash_dateformat", "%Y.%m.%d"],
      ["include_tag_key", true],
      ["tag_key", "@log_name"],
      ["suppress_type_name", true],
      ["reconnect_on_error", true],
      ["reload_on_failure", true],
      ["reload_connections", false],
      ["request_timeout", "30s"],
    ],
    children: [fileBuffer(input.logging, `${input.source.stateDir}/buffer/elasticsearch`)],
  };
}

/**
 * fluent.conf: tail the container logs (CRI or Docker JSON format), join CRI partial lines, add Kubernetes pod
 * metadata, parse JSON application lines, ship to Elasticsearch through a file buffer on the node, and serve
 * Fluentd's own metrics for Prometheus. Pure and deterministic.
 */
export function renderFluentConf(input: FluentConfInput): string {
  const tag = input.source.platform === "kubernetes" ? "kubernetes.**" : "docker.**";
  const directives: Directive[] = [
    { name: "system", params: [["log_level", "info"]] },
    tail(input),
    { name: "source", params: [["@type", "prometheus"], ["bind", "0.0.0.0"], ["port", FLUENTD_METRICS_PORT], ["metrics_path", "/metrics"]] },
    { name: "source", params: [["@type", "prometheus_monitor"]] },
    { name: "source", params: [["@type", "prometheus_output_monitor"]] },
    ...filters(input, tag),
    elasticsearchOutput(input, tag),
  ];
  return `# Generated by llm-observability (components/logging); edit the stack config, not this file.\n${directives.map((d) => render(d)).join("\n\n")}\n`;
}
