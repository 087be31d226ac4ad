import { stringify } from "yaml";
import { ConfigError, type SecretKey, type StackConfig } from "../../config";
import { ALERTMANAGER_HEADLESS, ALERTMANAGER_NAME, ALERTMANAGER_PORT, ALERTMANAGER_PORT_NAME } from "../alertmanager/names";
import { secretFile } from "../kubernetes/secret-files";
import { PROMETHEUS_NAME, PROMETHEUS_PORT, PROMETHEUS_PORT_NAME, PROMETHEUS_SECRETS_DIR, POD_NAME_ENV, RULES_SUBDIR } from "./names";
import { PORT_NAME_META, kubernetesDiscovery } from "./relabel";
import { scrapeJob, scrapeSecretKeys, type ScrapeContext } from "./render-scrape";
import { scrapeTargetProblems, type ScrapeTarget } from "./scrape-target";

/** The parts of the stack config Prometheus depends on. */
export type PrometheusStackConfig = Pick<StackConfig, "platform" | "cluster" | "prometheus">;

/** Everything prometheus.yml is a function of. */
export interface PrometheusRenderInput {
  /** Platform, cluster and the `prometheus` section of the stack config. */
  config: PrometheusStackConfig;
  /** Names of the rule files, placed in `rules/` next to prometheus.yml. Defaults to none. */
  ruleFileNames?: readonly string[];
  /** Targets of the other components (exporter, GPU, node exporter, logs, traces). Defaults to none. */
  scrapeTargets?: readonly ScrapeTarget[];
  /** Directory of the credential files, one per secret key. Defaults to `/etc/prometheus/secrets`. */
  secretsDir?: string;
  /**
   * The address of a stack workload on Docker, from its DNS name and port. Defaults to `host:port` (the container
   * alias on the stack network); running the configs as plain processes maps each to a 127.0.0.1 port instead.
   */
  dockerAddress?: (host: string, port: number) => string;
}

const RULE_FILE = /^[A-Za-z0-9._-]+\.ya?ml$/;

/** Prometheus itself and Alertmanager: always part of the stack, so always scraped. */
export function builtinScrapeTargets(): ScrapeTarget[] {
  return [
    { job: PROMETHEUS_NAME, endpoint: { host: PROMETHEUS_NAME, port: PROMETHEUS_PORT, portName: PROMETHEUS_PORT_NAME } },
    { job: ALERTMANAGER_NAME, endpoint: { host: ALERTMANAGER_NAME, port: ALERTMANAGER_PORT, portName: ALERTMANAGER_PORT_NAME } },
  ];
}

/** The native LLM backends of `prometheus.llmBackends`: one job each, labelled with the server kind and name. */
export function backendScrapeTargets(c: PrometheusStackConfig): ScrapeTarget[] {
  return c.prometheus.llmBackends.map((b) => ({
    job: `llm-backend-${b.name}`,
    endpoint: { addresses: b.targets },
    metricsPath: b.metricsPath,
    llm: true,
    labels: { backend: b.backend, backend_name: b.name },
  }));
}

/** Every job of the config: built-ins, then the given targets, then the configured LLM backends. */
export function allScrapeTargets(input: PrometheusRenderInput): ScrapeTarget[] {
  return [...builtinScrapeTargets(), ...(input.scrapeTargets ?? []), ...backendScrapeTargets(input.config)];
}

/**
 * On Kubernetes every replica of an HA pair must label its series differently, or a remote store merges them.
 * A StatefulSet gives every pod one template, so the label comes from the pod name via env expansion
 * (`--enable-feature=expand-external-labels`); promtool accepts the unexpanded `${POD_NAME}` as a plain value.
 */
function externalLabels(c: PrometheusStackConfig): Record<string, string> {
  const labels: Record<string, string> = { ...c.prometheus.externalLabels, cluster: c.cluster };
  if (c.platform === "kubernetes") labels.prometheus_replica = `\${${POD_NAME_ENV}}`;
  return labels;
}

function alerting(c: PrometheusStackConfig, address: ScrapeContext["address"]): Record<string, unknown> {
  const kubernetes = {
    kubernetes_sd_configs: kubernetesDiscovery(),
    relabel_configs: [
      { source_labels: ["__meta_kubernetes_service_name"], regex: ALERTMANAGER_HEADLESS, action: "keep" },
      { source_labels: [PORT_NAME_META], regex: ALERTMANAGER_PORT_NAME, action: "keep" },
    ],
  };
  const docker = { static_configs: [{ targets: [address(ALERTMANAGER_NAME, ALERTMANAGER_PORT)] }] };
  return {
    // Both HA replicas send the same alert; without their replica label Alertmanager sees one alert, not two.
    alert_relabel_configs: [{ action: "labeldrop", regex: "prometheus_replica" }],
    alertmanagers: [{ api_version: "v2", ...(c.platform === "kubernetes" ? kubernetes : docker) }],
  };
}

function remoteWrite(c: PrometheusStackConfig, secretsDir: string): Record<string, unknown>[] {
  return c.prometheus.remoteWrite.map((w) => ({
    name: w.name,
    url: w.url,
    ...(w.basicAuthUsername === undefined ? {} : { basic_auth: { username: w.basicAuthUsername, password_file: secretFile(secretsDir, "remoteWritePassword") } }),
  }));
}

/** The secret keys prometheus.yml references as files: these must be mounted in `secretsDir`. */
export function prometheusSecretKeys(input: PrometheusRenderInput): SecretKey[] {
  const keys = new Set<SecretKey>(scrapeSecretKeys(allScrapeTargets(input), input.config.prometheus));
  if (input.config.prometheus.remoteWrite.some((w) => w.basicAuthUsername)) keys.add("remoteWritePassword");
  return [...keys].sort();
}

/** prometheus.yml for the stack. Pure and deterministic: the same input gives the same bytes. */
export function renderPrometheusConfig(input: PrometheusRenderInput): string {
  const c = input.config;
  const targets = allScrapeTargets(input);
  const ruleFileNames = [...(input.ruleFileNames ?? [])].sort();
  const problems = [
    ...scrapeTargetProblems(targets),
    ...ruleFileNames.filter((f) => !RULE_FILE.test(f)).map((f) => `ruleFiles: ${JSON.stringify(f)}: expected a file name like llm-alerts.yml (letters, digits, '.', '_', '-')`),
  ];
  if (problems.length > 0) throw new ConfigError(problems);

  const ctx: ScrapeContext = {
    platform: c.platform,
    prometheus: c.prometheus,
    secretsDir: input.secretsDir ?? PROMETHEUS_SECRETS_DIR,
    address: input.dockerAddress ?? ((host, port) => `${host}:${port}`),
  };
  const doc = {
    global: {
      scrape_interval: c.prometheus.scrapeInterval,
      scrape_timeout: c.prometheus.scrapeTimeout,
      evaluation_interval: c.prometheus.evaluationInterval,
      external_labels: externalLabels(c),
    },
    ...(ruleFileNames.length === 0 ? {} : { rule_files: ruleFileNames.map((f) => `${RULES_SUBDIR}/${f}`) }),
    alerting: alerting(c, ctx.address),
    scrape_configs: targets.map((t) => scrapeJob(t, ctx)),
    ...(c.prometheus.remoteWrite.length === 0 ? {} : { remote_write: remoteWrite(c, ctx.secretsDir) }),
  };
  return stringify(doc, { lineWidth: 0 });
}
