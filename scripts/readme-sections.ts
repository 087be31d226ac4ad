// Parts of README.md generated from the code, so the README stays true: the per-environment comparison (from the
// stack files), the exporter's metrics (from catalog/) and the dashboards (from dashboards/). `npm run docs` rewrites
// them between their markers.
import { join } from "node:path";
import { EXPORTER_METRICS } from "../catalog";
import { renderDashboardList } from "../dashboards/reference";
import { CONFIG_NAMESPACE, ENVIRONMENTS, SECRETS, loadStackConfig, markdownCell, secretsToSet, type StackConfig } from "../config";
import { readStackWithFixtureSecrets } from "../render/stack-input";

const root = join(__dirname, "..");

function stackConfig(env: string): StackConfig {
  const { config, secretKeys } = readStackWithFixtureSecrets(join(root, "stacks", `Pulumi.${env}.yaml`));
  return loadStackConfig(config, { secretKeys }).config;
}

const ROWS: [string, (c: StackConfig) => string][] = [
  ["platform", (c) => c.platform],
  ["Prometheus replicas", (c) => String(c.prometheus.replicas)],
  ["scrape / evaluation interval", (c) => `${c.prometheus.scrapeInterval} / ${c.prometheus.evaluationInterval}`],
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
    ["dashboards", renderDashboardList(loadStackConfig({ "llmobs:environment": "prod" }).config)],
  ];
  return sections.reduce((text, [name, content]) => replaceSection(text, name, content), current);
}
