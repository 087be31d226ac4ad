import { stringify } from "yaml";
import type { TracingConfig } from "../../config";
import { secretFile } from "../kubernetes/secret-files";
import {
  JAEGER_BADGER_DIR, JAEGER_HEALTH_PORT, JAEGER_INDEX_PREFIX, JAEGER_METRICS_PORT, JAEGER_OTLP_GRPC_PORT, JAEGER_OTLP_HTTP_PORT,
  JAEGER_QUERY_GRPC_PORT, JAEGER_QUERY_PORT, JAEGER_SAMPLING_GRPC_PORT, JAEGER_SAMPLING_HTTP_PORT, JAEGER_SECRETS_DIR,
} from "./names";

/** The Elasticsearch cluster spans go to with the `elasticsearch` backend. */
export interface JaegerElasticsearch {
  /** Base URL, e.g. `http://elasticsearch:9200`. */
  url: string;
  /** User Jaeger logs in as; its password is the file `<secretsDir>/elasticsearchPassword`. */
  username: string;
  /** Replicas of each Jaeger index: 0 on a one-node cluster, 1 otherwise. */
  indexReplicas: number;
}

/** Everything Jaeger's config is a function of. */
export interface JaegerRenderInput {
  /** The `tracing` section of the stack config: backend, retention, sampling. */
  tracing: TracingConfig;
  /** Required with the `elasticsearch` backend. */
  elasticsearch?: JaegerElasticsearch;
  /** Directory of the credential files. Defaults to `/etc/jaeger/secrets`. */
  secretsDir?: string;
}

const STORE = "traces";
const listen = (port: number) => ({ endpoint: `0.0.0.0:${port}` });

/** Badger's TTL, Jaeger's duration syntax: days as hours (`3` -> `72h`). */
export function badgerTtl(retentionDays: number): string {
  return `${retentionDays * 24}h`;
}

function backend(input: JaegerRenderInput): Record<string, unknown> {
  const t = input.tracing;
  if (t.backend === "memory") return { memory: { max_traces: t.maxTraces } };
  if (t.backend === "badger") {
    return { badger: { directories: { keys: `${JAEGER_BADGER_DIR}/keys`, values: `${JAEGER_BADGER_DIR}/values` }, ephemeral: false, ttl: { spans: badgerTtl(t.retentionDays) } } };
  }
  const es = input.elasticsearch;
  if (es === undefined) throw new Error("renderJaegerConfig: the elasticsearch backend needs `elasticsearch` (the logging cluster's URL and user)");
  // Daily indices; the index cleaner CronJob deletes those older than tracing.retentionDays (Elasticsearch has no TTL).
  const daily = { date_layout: "2006-01-02", rollover_frequency: "day", shards: 1, replicas: es.indexReplicas };
  return {
    elasticsearch: {
      server_urls: [es.url],
      auth: { basic: { username: es.username, password_file: secretFile(input.secretsDir ?? JAEGER_SECRETS_DIR, "elasticsearchPassword") } },
      indices: { index_prefix: JAEGER_INDEX_PREFIX, spans: daily, services: daily, dependencies: daily, sampling: daily },
    },
  };
}

/**
 * Jaeger v2's config (an OpenTelemetry Collector config with Jaeger's extensions): OTLP in on 4317/4318, spans
 * into the configured storage, the query API and UI on 16686, remote sampling strategies on 5778/5779 handing out
 * `tracing.samplingRatio`, health on 13133 and Jaeger's own metrics on 8888. Pure and deterministic.
 */
export function renderJaegerConfig(input: JaegerRenderInput): string {
  const doc = {
    service: {
      extensions: ["jaeger_storage", "jaeger_query", "remote_sampling", "healthcheckv2"],
      pipelines: { traces: { receivers: ["otlp"], processors: ["batch"], exporters: ["jaeger_storage_exporter"] } },
      telemetry: {
        resource: { "service.name": "jaeger" },
        metrics: { level: "detailed", readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: JAEGER_METRICS_PORT } } } }] },
        logs: { level: "info" },
      },
    },
    extensions: {
      healthcheckv2: { use_v2: true, http: listen(JAEGER_HEALTH_PORT) },
      jaeger_storage: { backends: { [STORE]: backend(input) } },
      jaeger_query: { storage: { traces: STORE }, http: listen(JAEGER_QUERY_PORT), grpc: listen(JAEGER_QUERY_GRPC_PORT) },
      remote_sampling: {
        file: { default_sampling_probability: input.tracing.samplingRatio },
        http: listen(JAEGER_SAMPLING_HTTP_PORT),
        grpc: listen(JAEGER_SAMPLING_GRPC_PORT),
      },
    },
    receivers: { otlp: { protocols: { grpc: listen(JAEGER_OTLP_GRPC_PORT), http: listen(JAEGER_OTLP_HTTP_PORT) } } },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: STORE } },
  };
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}
