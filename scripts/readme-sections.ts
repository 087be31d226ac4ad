// Parts of README.md generated from the code, so the README stays true: the per-environment comparison (from the
// stack files), the exporter's metrics (from catalog/), the policies, the exporter's settings and the dashboards (from
// dashboards/). `npm run docs` rewrites them between their markers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EXPORTER_METRICS } from "../catalog";
import { renderDashboardList } from "../dashboards/reference";
import { CONFIG_NAMESPACE, ENVIRONMENTS, SECRETS, loadStackConfig, markdownCell, secretsToSet, type StackConfig } from "../config";
import { settings } from "../policies/lib/config";
import { DEFAULT_ENFORCEMENT, POLICIES } from "../policies/pack";
import { EXPORTER_SETTINGS } from "../exporter/src/config";
import { readStackWithFixtureSecrets } from "../render/stack-input";

const root = join(__dirname, "..");

function stackConfig(env: string): StackConfig {
  const { config, secretKeys } = readStackWithFixtureSecrets(join(root, "stacks", `Pulumi.${env}.yaml`));
  return loadStackConfig(config, { secretKeys }).config;
}

const ROWS: [string, (c: StackConfig) => string][] = [
  ["platform", (c) => c.platform],
  ["Prometheus replicas", (c) => String(c.prometheus.replicas)],
  ["scrape / evaluation interval (windowed rules)", (c) => `${c.prometheus.scrapeInterval} / ${c.prometheus.evaluationInterval} (${c.prometheus.windowedRulesInterval})`],
  ["retention (time / size)", (c) => `${c.prometheus.retentionTime} / ${c.prometheus.retentionSizeGb} GiB`],
  ["Prometheus volume", (c) => (c.prometheus.storage.enabled ? `${c.prometheus.storage.sizeGb} GiB` : "none")],
  ["remote_write", (c) => c.prometheus.remoteWrite.map((w) => w.name).join(", ") || "none"],
  ["Alertmanager replicas", (c) => String(c.alertmanager.replicas)],
  ["receivers", (c) => Object.keys(c.alertmanager.receivers).join(", ") || "none"],
  ["exporter replicas", (c) => String(c.exporter.replicas)],
  ["exporter upstreams", (c) => c.exporter.upstreams.map((u) => `${u.name} (${u.backend})`).join(", ")],
  ["trace sample ratio", (c) => String(c.exporter.traceSampleRatio)],
  ["exporter auth (proxy / metrics)", (c) => `${c.exporter.proxyAuth ? "on" : "off"} / ${c.exporter.metricsAuth ? "on" : "off"}`],
  ["audit retention", (c) => (c.exporter.audit.enabled ? `${c.exporter.audit.retentionDays} d` : "off")],
  ["logs (Elasticsearch nodes / retention)", (c) => (c.logging.enabled ? `${c.logging.elasticsearch.replicas} / ${c.logging.elasticsearch.retentionDays} d` : "off")],
  ["traces (Jaeger storage / retention)", (c) => (c.tracing.enabled ? `${c.tracing.backend} / ${c.tracing.backend === "memory" ? `${c.tracing.maxTraces} traces` : `${c.tracing.retentionDays} d`}` : "off")],
  ["DCGM GPU exporter / node exporter", (c) => `${c.gpu.enabled ? "on" : "off"} / ${c.nodeExporter.enabled ? "on" : "off"}`],
];

/** What differs between the four stacks, as their stack files configure them. */
export function renderEnvironmentTable(): string {
  const configs = ENVIRONMENTS.map(stackConfig);
  return [
    `| | ${ENVIRONMENTS.join(" | ")} |`,
    `| --- | ${ENVIRONMENTS.map(() => "---").join(" | ")} |`,
    ...ROWS.map(([label, get]) => `| ${label} | ${configs.map((c) => markdownCell(get(c))).join(" | ")} |`),
  ].join("\n");
}

/**
 * The commands that take a fresh clone to a deployed stack, one block per stack: every secret its config needs, so
 * that `pulumi up` never stops on a missing one. Generated, so a stack that starts needing a secret lists it here.
 */
export function renderDeploySteps(): string {
  return ENVIRONMENTS.map((env) => {
    const c = stackConfig(env);
    const target = c.platform === "docker" ? "the local Docker engine" : "Kubernetes: needs no Docker engine";
    return [
      `**${env}** (${target}):`,
      "",
      "```sh",
      `pulumi stack init ${env} --secrets-provider passphrase   # or awskms://..., gcpkms://..., azurekeyvault://..., hashivault://...`,
      ...(c.platform === "kubernetes" ? [`pulumi config set kubernetes:context <your kubeconfig context> -s ${env}`] : []),
      ...secretsToSet(c).map((k) => `pulumi config set --secret ${CONFIG_NAMESPACE}:${k} ${SECRETS[k].example} -s ${env}`),
      `pulumi preview --diff -s ${env}`,
      `pulumi up -s ${env}`,
      "```",
    ].join("\n");
  }).join("\n\n");
}

/** The exporter's metrics at a glance; docs/metrics.md has every family with units, buckets and origins. */
export function renderExporterMetricsTable(): string {
  return [
    "| metric | type | labels |",
    "| --- | --- | --- |",
    ...EXPORTER_METRICS.map((m) => `| \`${m.name}\` | ${m.type} | ${m.labels.join(", ") || "-"} |`),
  ].join("\n");
}

/** The policy pack: each policy, what it checks, and its level and settings per environment (policies/config/). */
export function renderPoliciesTable(): string {
  const files = ENVIRONMENTS.map((env) => JSON.parse(readFileSync(join(root, "policies", "config", `${env}.json`), "utf8")) as Record<string, any>);
  const show = (v: unknown) => (Array.isArray(v) ? v.join(", ") || "-" : typeof v === "object" && v !== null ? Object.entries(v).map(([k, x]) => `${k} ${x}`).join(", ") || "-" : String(v));
  const rows: string[] = [];
  for (const p of POLICIES) {
    const kind = "validateStack" in p ? "stack" : "resource";
    const levels = files.map((f) => (typeof f[p.name] === "string" ? f[p.name] : f[p.name]?.enforcementLevel ?? f.all ?? DEFAULT_ENFORCEMENT));
    rows.push(`| **${p.name}** (${kind}) | ${markdownCell(p.description)} | ${levels.join(" | ")} |`);
    for (const key of Object.keys(p.configSchema?.properties ?? {})) {
      const values = files.map((f) => show(settings<Record<string, unknown>>(p.configSchema!, typeof f[p.name] === "object" ? f[p.name] : {})[key]));
      rows.push(`| &nbsp;&nbsp;${key} | ${markdownCell(String((p.configSchema!.properties[key] as { description?: string }).description ?? ""))} | ${values.map(markdownCell).join(" | ")} |`);
    }
  }
  return [`| policy / setting | checks | ${ENVIRONMENTS.join(" | ")} |`, `| --- | --- | ${ENVIRONMENTS.map(() => "---").join(" | ")} |`, ...rows].join("\n");
}

/** The exporter's settings, from the table that reads them and prints `--help`. */
export function renderExporterSettingsTable(): string {
  const code = (text: string) => `\`${text}\``;
  return [
    "| variable | flag | default | allowed | what it does |",
    "| --- | --- | --- | --- | --- |",
    ...EXPORTER_SETTINGS.map((s) => `| ${[code(s.env), s.flag ? code(`--${s.flag}`) : "-", s.fallback === undefined ? "unset" : code(s.fallback), s.allowed, s.help].map(markdownCell).join(" | ")} |`),
  ].join("\n");
}

/** Replaces the text between `<!-- <name>:begin -->` and `<!-- <name>:end -->`; a missing marker is an error. */
export function replaceSection(text: string, name: string, content: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md has no ${begin} ... ${end} section`);
  return `${text.slice(0, i + begin.length)}\n${content}\n${text.slice(j)}`;
}

/** README.md with its generated sections brought up to date. */
export function renderReadme(current: string): string {
  const sections: [string, string][] = [
    ["environments", renderEnvironmentTable()],
    ["deploy-steps", renderDeploySteps()],
    ["exporter-metrics", renderExporterMetricsTable()],
    ["policies", renderPoliciesTable()],
    ["exporter-settings", renderExporterSettingsTable()],
    ["dashboards", renderDashboardList(loadStackConfig({ "llmobs:environment": "prod" }).config)],
  ];
  return sections.reduce((text, [name, content]) => replaceSection(text, name, content), current);
}
