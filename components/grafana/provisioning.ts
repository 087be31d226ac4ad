import { stringify } from "yaml";
import type { StackConfig } from "../../config";
import { DATASOURCE_UIDS, EXEMPLAR_TRACE_LABEL } from "../../dashboards";
import { CONFIGMAP_MAX_BYTES } from "../kubernetes";
import { ELASTIC_USER, LOG_INDEX_PREFIX } from "../logging/names";
import { ELASTICSEARCH_PASSWORD_FILE } from "./environment";
import { GRAFANA_DASHBOARDS_DIR, GRAFANA_SECRETS_DIR, SERVICE_URLS } from "./names";

/** One Grafana datasource, in the provisioning file's shape (also what external mode sends to the API). */
export interface DatasourceDef {
  readonly name: string;
  readonly uid: string;
  readonly type: string;
  readonly url: string;
  readonly isDefault?: boolean;
  readonly jsonData: Record<string, unknown>;
  /** Basic-auth user; its password is a secret the deploy and external modes each supply their own way. */
  readonly basicAuthUser?: string;
}

/** Index pattern of the container logs Fluentd ships (the logging component's daily `logstash_format` indices). */
export const LOG_INDEX_PATTERN = `${LOG_INDEX_PREFIX}-*`;

/**
 * The datasources of a stack: Prometheus (exemplars link to Jaeger when tracing runs) and Alertmanager always,
 * Elasticsearch when `logging.enabled`, Jaeger when `tracing.enabled` (traces link to their logs when both
 * run). `urls` overrides where each service is reached (an external Grafana outside the cluster).
 */
export function grafanaDatasources(
  config: Pick<StackConfig, "prometheus" | "logging" | "tracing">,
  urls: Partial<Record<keyof typeof SERVICE_URLS, string>> = {},
): DatasourceDef[] {
  const url = { ...SERVICE_URLS, ...urls };
  const tracing = config.tracing.enabled;
  const logging = config.logging.enabled;
  const out: DatasourceDef[] = [
    {
      name: "Prometheus", uid: DATASOURCE_UIDS.prometheus, type: "prometheus", url: url.prometheus, isDefault: true,
      jsonData: {
        // $__rate_interval is four of these: the scrape interval Prometheus really uses.
        timeInterval: config.prometheus.scrapeInterval,
        httpMethod: "POST",
        ...(tracing ? { exemplarTraceIdDestinations: [{ name: EXEMPLAR_TRACE_LABEL, datasourceUid: DATASOURCE_UIDS.jaeger }] } : {}),
      },
    },
    {
      name: "Alertmanager", uid: DATASOURCE_UIDS.alertmanager, type: "alertmanager", url: url.alertmanager,
      jsonData: { implementation: "prometheus", handleGrafanaManagedAlerts: false },
    },
  ];
  if (logging) {
    out.push({
      name: "Elasticsearch", uid: DATASOURCE_UIDS.elasticsearch, type: "elasticsearch", url: url.elasticsearch, basicAuthUser: ELASTIC_USER,
      jsonData: { index: LOG_INDEX_PATTERN, timeField: "@timestamp", logMessageField: "msg", logLevelField: "level" },
    });
  }
  if (tracing) {
    out.push({
      name: "Jaeger", uid: DATASOURCE_UIDS.jaeger, type: "jaeger", url: url.jaeger,
      jsonData: logging
        ? { tracesToLogsV2: { datasourceUid: DATASOURCE_UIDS.elasticsearch, filterByTraceID: true, customQuery: false } }
        : {},
    });
  }
  return out;
}

const yaml = (doc: unknown) => stringify(doc, { lineWidth: 0, sortMapEntries: false });

/** `provisioning/datasources/datasources.yaml`: the datasources, not editable in the UI (code is the source). */
export function renderDatasourceProvisioning(datasources: readonly DatasourceDef[]): string {
  return yaml({
    apiVersion: 1,
    datasources: datasources.map(({ basicAuthUser, ...d }) => ({
      ...d, access: "proxy", editable: false, isDefault: d.isDefault ?? false,
      // Grafana reads the password from the mounted Secret when it provisions: the file holds no credential.
      ...(basicAuthUser === undefined ? {} : {
        basicAuth: true, basicAuthUser, secureJsonData: { basicAuthPassword: `$__file{${GRAFANA_SECRETS_DIR}/${ELASTICSEARCH_PASSWORD_FILE}}` },
      }),
    })),
  });
}

/** `provisioning/dashboards/dashboards.yaml`: one file provider over every dashboard directory, in a folder. */
export function renderDashboardProvisioning(folder: string): string {
  return yaml({
    apiVersion: 1,
    providers: [{
      name: "llm-observability", folder, type: "file", disableDeletion: true, allowUiUpdates: false, updateIntervalSeconds: 30,
      options: { path: GRAFANA_DASHBOARDS_DIR, foldersFromFilesStructure: false },
    }],
  });
}

/**
 * Dashboard files (name -> JSON) split into groups that each fit one ConfigMap, in name order, greedily. A single
 * dashboard larger than a ConfigMap is an error naming it (it cannot be mounted at all).
 */
export function splitForConfigMaps(files: Record<string, string>, maxBytes = CONFIGMAP_MAX_BYTES): Record<string, string>[] {
  const groups: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  let size = 0;
  for (const name of Object.keys(files).sort()) {
    const bytes = Buffer.byteLength(name) + Buffer.byteLength(files[name]!);
    if (bytes > maxBytes) throw new Error(`dashboard ${name}: ${bytes} bytes: expected at most ${maxBytes} to fit a ConfigMap`);
    if (size + bytes > maxBytes && size > 0) {
      groups.push(current);
      current = {};
      size = 0;
    }
    current[name] = files[name]!;
    size += bytes;
  }
  if (size > 0) groups.push(current);
  return groups;
}
