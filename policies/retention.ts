// Retention: how long and how much the stack keeps, read from what is deployed (flags, config files), so that a
// resource edited by hand or by a transform is judged as it will run.
import type { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { settings } from "./lib/config";
import { isObject, yamlDocuments } from "./lib/documents";
import { message } from "./lib/message";
import { elasticsearchRetention } from "./lib/retention-docs";
import { configFiles, containersOf, exporterSettings, flagValue, podSpec, runsImage, type ContainerView, type ResourceView } from "./lib/resources";
import { durationDays, gib, prometheusSizeBytes, quantityBytes } from "./lib/units";

const days = (description: string, dflt: number): PolicyConfigSchema["properties"][string] => ({ type: "number", minimum: 0, default: dflt, description });

const prometheusSchema = {
  properties: {
    minRetentionDays: days("Shortest --storage.tsdb.retention.time allowed, in days.", 1),
    maxRetentionDays: days("Longest --storage.tsdb.retention.time allowed, in days.", 90),
    maxSizeShareOfVolume: { type: "number", minimum: 0.1, maximum: 1, default: 0.9, description: "Largest --storage.tsdb.retention.size as a share of the data volume (head-room for the WAL and compaction)." },
  },
} satisfies PolicyConfigSchema;
interface PrometheusSettings { minRetentionDays: number; maxRetentionDays: number; maxSizeShareOfVolume: number }

const TIME_FLAG = "--storage.tsdb.retention.time";
const SIZE_FLAG = "--storage.tsdb.retention.size";

/** The size of the volume mounted at Prometheus' TSDB path: a volumeClaimTemplate's request or an emptyDir's sizeLimit. */
function tsdbVolumeBytes(r: ResourceView, c: ContainerView): number | undefined {
  const pod = podSpec(r);
  if (!pod) return undefined;
  const tsdbPath = (flagValue(c.argv, "--storage.tsdb.path") ?? "data/").replace(/\/$/, "");
  const container = [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])].find((x: any) => x.name === c.name);
  const mount = (container?.volumeMounts ?? []).find((m: any) => String(m.mountPath).replace(/\/$/, "") === tsdbPath);
  if (!mount) return undefined;
  const claim = (r.props.spec?.volumeClaimTemplates ?? []).find((t: any) => t.metadata?.name === mount.name);
  if (claim) return quantityBytes(claim.spec?.resources?.requests?.storage);
  const volume = (pod.spec.volumes ?? []).find((v: any) => v.name === mount.name);
  return volume?.emptyDir?.sizeLimit ? quantityBytes(volume.emptyDir.sizeLimit) : undefined;
}

export const prometheusRetention: ResourceValidationPolicy = {
  name: "prometheus-retention",
  description: "Prometheus retention time and size are set, inside the environment's bounds, and the size leaves head-room on the data volume.",
  configSchema: prometheusSchema,
  validateResource: (args, report) => {
    const s = settings<PrometheusSettings>(prometheusSchema, args.getConfig());
    for (const c of containersOf(args)) {
      const isServer = runsImage(c, "prometheus") || flagValue(c.argv, "--storage.tsdb.path") !== undefined;
      if (!isServer || c.argv.includes("--agent") || c.argv.includes("--enable-feature=agent")) continue;
      const field = (flag: string) => `${c.argsField} ${flag}`;
      const time = flagValue(c.argv, TIME_FLAG);
      const timeDays = time === undefined ? undefined : durationDays(time);
      if (time === undefined) {
        report(message(args, field(TIME_FLAG), undefined, "retention time not set (Prometheus then keeps 15d whatever the environment needs)", `pass ${TIME_FLAG}=<${s.minRetentionDays}d..${s.maxRetentionDays}d> (llmobs:prometheus.retentionTime)`));
      } else if (timeDays === undefined) {
        report(message(args, field(TIME_FLAG), time, "not a Prometheus duration", "use a duration like 15d or 2w"));
      } else if (timeDays < s.minRetentionDays || timeDays > s.maxRetentionDays) {
        report(message(args, field(TIME_FLAG), time, `outside this environment's bounds of ${s.minRetentionDays}d to ${s.maxRetentionDays}d`, `set llmobs:prometheus.retentionTime between ${s.minRetentionDays}d and ${s.maxRetentionDays}d`));
      }
      const size = flagValue(c.argv, SIZE_FLAG);
      const sizeBytes = size === undefined ? undefined : prometheusSizeBytes(size);
      if (size === undefined) {
        report(message(args, field(SIZE_FLAG), undefined, "retention size not set: a full volume stops ingestion before the time limit applies", `pass ${SIZE_FLAG}=<GB> below the volume (llmobs:prometheus.retentionSizeGb)`));
        continue;
      }
      if (sizeBytes === undefined) {
        report(message(args, field(SIZE_FLAG), size, "not a Prometheus size", "use a size like 50GB (units B, KB, MB, GB, TB)"));
        continue;
      }
      const volume = tsdbVolumeBytes(args, c);
      if (volume !== undefined && sizeBytes > volume * s.maxSizeShareOfVolume) {
        report(message(args, field(SIZE_FLAG), size, `above ${Math.round(s.maxSizeShareOfVolume * 100)}% of the ${gib(volume)} data volume (the WAL and compaction need the rest)`, `lower llmobs:prometheus.retentionSizeGb to at most ${Math.floor((volume * s.maxSizeShareOfVolume) / 2 ** 30)} or grow llmobs:prometheus.storage.sizeGb`));
      }
    }
  },
};

const auditSchema = {
  properties: {
    requireAuditLog: { type: "boolean", default: true, description: "The exporter must write its audit log (AUDIT_ENABLED=true)." },
    minRetentionDays: days("Shortest AUDIT_RETENTION_DAYS allowed.", 1),
    maxRetentionDays: days("Longest AUDIT_RETENTION_DAYS allowed.", 400),
  },
} satisfies PolicyConfigSchema;
interface AuditSettings { requireAuditLog: boolean; minRetentionDays: number; maxRetentionDays: number }

export const auditLogRetention: ResourceValidationPolicy = {
  name: "audit-log-retention",
  description: "The exporter's audit log is on and its retention (AUDIT_RETENTION_DAYS) is set inside the environment's bounds.",
  configSchema: auditSchema,
  validateResource: (args, report) => {
    const s = settings<AuditSettings>(auditSchema, args.getConfig());
    for (const { field, values } of exporterSettings(args)) {
      const enabled = values.get("AUDIT_ENABLED");
      if (enabled !== "true") {
        if (s.requireAuditLog) report(message(args, field("AUDIT_ENABLED"), enabled, "the audit log is off (the exporter's default) in an environment that requires it", "set llmobs:exporter.audit.enabled to true"));
        continue;
      }
      const text = values.get("AUDIT_RETENTION_DAYS");
      const n = text === undefined ? NaN : Number(text);
      if (text === undefined) {
        report(message(args, field("AUDIT_RETENTION_DAYS"), undefined, "audit retention not set", `set llmobs:exporter.audit.retentionDays (${s.minRetentionDays} to ${s.maxRetentionDays})`));
      } else if (!Number.isInteger(n) || n < s.minRetentionDays || n > s.maxRetentionDays) {
        report(message(args, field("AUDIT_RETENTION_DAYS"), text, `expected whole days from ${s.minRetentionDays} to ${s.maxRetentionDays} in this environment`, `set llmobs:exporter.audit.retentionDays between ${s.minRetentionDays} and ${s.maxRetentionDays}`));
      }
    }
  },
};

const storeSchema = (what: string): PolicyConfigSchema => ({
  properties: {
    minRetentionDays: days(`Shortest ${what} retention allowed, in days.`, 1),
    maxRetentionDays: days(`Longest ${what} retention allowed, in days.`, 90),
  },
});
interface StoreSettings { minRetentionDays: number; maxRetentionDays: number }

function checkDays(value: string | undefined, s: StoreSettings): string | undefined {
  const d = value === undefined ? undefined : durationDays(value);
  if (value === undefined) return "no retention: data is kept until the disk fills";
  if (d === undefined) return "not a duration";
  if (d < s.minRetentionDays || d > s.maxRetentionDays) return `outside this environment's bounds of ${s.minRetentionDays}d to ${s.maxRetentionDays}d`;
  return undefined;
}

const elasticsearchSchema = storeSchema("Elasticsearch");

export const elasticsearchRetentionPolicy: StackValidationPolicy = {
  name: "elasticsearch-retention",
  description: "When the stack runs Elasticsearch, an ILM policy delete phase or data stream lifecycle sets its retention inside the environment's bounds.",
  configSchema: elasticsearchSchema,
  validateStack: (args, report) => {
    const s = settings<StoreSettings>(elasticsearchSchema, args.getConfig());
    const clusters = args.resources.filter((r) => containersOf(r).some((c) => runsImage(c, "elasticsearch")));
    if (clusters.length === 0) return;
    const defs = elasticsearchRetention(args.resources);
    if (defs.length === 0) {
      for (const r of clusters) {
        report(message(r, "index lifecycle", undefined, "Elasticsearch runs without an ILM policy or data stream lifecycle, so log indices are never deleted", `render an ILM policy with a delete phase (min_age ${s.minRetentionDays}d to ${s.maxRetentionDays}d, llmobs:logging.elasticsearch.retentionDays)`), r.urn);
      }
      return;
    }
    for (const d of defs) {
      const problem = checkDays(d.value, s);
      if (problem) report(message(d.resource, d.field, d.value, problem, `set llmobs:logging.elasticsearch.retentionDays between ${s.minRetentionDays} and ${s.maxRetentionDays}`), d.resource.urn);
    }
  },
};

/**
 * Jaeger's own answer to Elasticsearch retention: the es-index-cleaner (a CronJob) whose first argument is the
 * number of days to keep.
 */
function indexCleanerInBounds(resources: readonly ResourceView[], s: StoreSettings): boolean {
  return resources.some((r) => containersOf(r).some((c) => {
    if (!runsImage(c, "jaegertracing/jaeger-es-index-cleaner")) return false;
    const n = Number(c.argv.find((a) => /^\d+$/.test(a)));
    return n >= s.minRetentionDays && n <= s.maxRetentionDays;
  }));
}

const jaegerSchema = {
  properties: {
    ...storeSchema("trace").properties,
    maxTraces: { type: "integer", minimum: 1, default: 100000, description: "Largest max_traces of Jaeger's memory store." },
  },
} satisfies PolicyConfigSchema;
interface JaegerSettings extends StoreSettings { maxTraces: number }

export const jaegerRetention: StackValidationPolicy = {
  name: "jaeger-retention",
  description: "When the stack runs Jaeger, every storage backend bounds what it keeps: memory max_traces, Badger ttl.spans, Elasticsearch through ILM.",
  configSchema: jaegerSchema,
  validateStack: (args, report) => {
    const s = settings<JaegerSettings>(jaegerSchema, args.getConfig());
    const jaegers = args.resources.filter((r) => containersOf(r).some((c) => runsImage(c, "jaegertracing/jaeger", "jaegertracing/all-in-one")));
    if (jaegers.length === 0) return;
    let found = false;
    for (const r of args.resources) {
      for (const file of configFiles(r)) {
        for (const doc of yamlDocuments(file)) {
          const backends = isObject(doc) && isObject(doc.extensions) && isObject(doc.extensions.jaeger_storage) ? doc.extensions.jaeger_storage.backends : undefined;
          if (!isObject(backends)) continue;
          found = true;
          for (const [name, b] of Object.entries(backends)) {
            const at = `${file.field} extensions.jaeger_storage.backends.${name}`;
            if (isObject(b?.memory)) {
              const max = b.memory.max_traces;
              if (!Number.isInteger(max) || max < 1 || max > s.maxTraces) report(message(r, `${at}.memory.max_traces`, max, `the memory store must be bounded by 1 to ${s.maxTraces} traces`, `set max_traces (llmobs:tracing) to at most ${s.maxTraces}`), r.urn);
            } else if (isObject(b?.badger)) {
              const ttl = isObject(b.badger.ttl) ? b.badger.ttl.spans : undefined;
              const problem = checkDays(ttl === undefined ? undefined : String(ttl), s);
              if (problem) report(message(r, `${at}.badger.ttl.spans`, ttl, problem, `set llmobs:tracing.retentionDays between ${s.minRetentionDays} and ${s.maxRetentionDays}`), r.urn);
            } else if (isObject(b?.elasticsearch) || isObject(b?.opensearch)) {
              const es = b.elasticsearch ?? b.opensearch;
              const ilm = es.use_ilm === true && elasticsearchRetention(args.resources).some((d) => d.kind === "ilm" && checkDays(d.value, s) === undefined);
              if (!ilm && !indexCleanerInBounds(args.resources, s)) report(message(r, `${at}.${b.elasticsearch ? "elasticsearch" : "opensearch"}.use_ilm`, es.use_ilm, "trace indices have no retention: use_ilm must be true with an ILM policy (delete phase inside the bounds) in the stack, or an es-index-cleaner CronJob must keep that many days", `enable use_ilm and render the ILM policy, or run jaegertracing/jaeger-es-index-cleaner (llmobs:tracing.retentionDays between ${s.minRetentionDays} and ${s.maxRetentionDays})`), r.urn);
            }
          }
        }
      }
    }
    if (!found) {
      for (const r of jaegers) report(message(r, "extensions.jaeger_storage", undefined, "no Jaeger v2 storage config found, so its retention cannot be known", "mount the rendered Jaeger config (ConfigMap or upload) with its storage backends"), r.urn);
    }
  },
};

export const retentionPolicies = [prometheusRetention, auditLogRetention, elasticsearchRetentionPolicy, jaegerRetention];
