import type { PrometheusConfig, SecretKey, StackConfig } from "../../config";
import { METRICS_PORT_NAME } from "../kubernetes/scrape";
import { secretFile } from "../kubernetes/secret-files";
import { dropUnboundedLabels, kubernetesDiscovery, kubernetesRelabelling } from "./relabel";
import { isStatic, type ScrapeTarget } from "./scrape-target";

/** What every scrape job depends on besides its target. */
export interface ScrapeContext {
  /** Docker uses static container addresses; Kubernetes discovers Services in Prometheus' own namespace. */
  platform: StackConfig["platform"];
  /** The `prometheus` section of the stack config: limits and target auth. */
  prometheus: PrometheusConfig;
  /** Directory holding one credential file per secret key, named after the key. */
  secretsDir: string;
  /** The address of a stack workload on Docker. */
  address: (host: string, port: number) => string;
}

type Yaml = Record<string, unknown>;

function limits(p: PrometheusConfig): Yaml {
  const l = p.scrapeLimits;
  return {
    sample_limit: l.sampleLimit,
    label_limit: l.labelLimit,
    label_name_length_limit: l.labelNameLengthLimit,
    label_value_length_limit: l.labelValueLengthLimit,
    body_size_limit: `${l.bodySizeLimitMb}MB`,
  };
}

/** Scheme, basic auth and TLS: `prometheus.targetAuth` for LLM targets, the target's own basic auth otherwise. */
function connection(t: ScrapeTarget, ctx: ScrapeContext): Yaml {
  const out: Yaml = {};
  const auth = ctx.prometheus.targetAuth;
  if (t.llm) {
    out.scheme = auth.scheme;
    if (auth.basicAuthUsername) {
      out.basic_auth = { username: auth.basicAuthUsername, password_file: secretFile(ctx.secretsDir, "targetBasicAuthPassword") };
    }
    if (auth.tls) {
      out.tls_config = {
        ca_file: secretFile(ctx.secretsDir, "targetTlsCa"),
        ...(auth.tls.mutual
          ? { cert_file: secretFile(ctx.secretsDir, "targetTlsCert"), key_file: secretFile(ctx.secretsDir, "targetTlsKey") }
          : {}),
        ...(auth.tls.serverName === undefined ? {} : { server_name: auth.tls.serverName }),
        insecure_skip_verify: auth.tls.insecureSkipVerify,
      };
    }
  }
  if (t.basicAuth) {
    out.basic_auth = { username: t.basicAuth.username, password_file: secretFile(ctx.secretsDir, t.basicAuth.passwordSecret) };
  }
  return out;
}

function staticConfig(targets: string[], labels: Record<string, string> | undefined): Yaml {
  return { static_configs: [{ targets, ...(labels === undefined ? {} : { labels }) }] };
}

function discovery(t: ScrapeTarget, ctx: ScrapeContext): Yaml {
  const e = t.endpoint;
  if (isStatic(e)) return staticConfig(e.addresses, t.labels);
  if (ctx.platform === "docker") return staticConfig([ctx.address(e.host, e.port)], t.labels);
  const constants = Object.entries(t.labels ?? {}).map(([k, v]) => ({ target_label: k, replacement: v }));
  return {
    kubernetes_sd_configs: kubernetesDiscovery(),
    relabel_configs: [...kubernetesRelabelling(t.job, e.portName ?? METRICS_PORT_NAME), ...constants],
  };
}

/** One `scrape_configs` entry, with the cardinality limits every job must carry. */
export function scrapeJob(t: ScrapeTarget, ctx: ScrapeContext): Yaml {
  return {
    job_name: t.job,
    metrics_path: t.metricsPath ?? "/metrics",
    ...connection(t, ctx),
    ...limits(ctx.prometheus),
    ...discovery(t, ctx),
    metric_relabel_configs: dropUnboundedLabels(),
  };
}

/** The secret keys the rendered jobs reference as files. */
export function scrapeSecretKeys(targets: readonly ScrapeTarget[], p: PrometheusConfig): SecretKey[] {
  const keys = new Set<SecretKey>();
  if (p.targetAuth.basicAuthUsername && targets.some((t) => t.llm && !t.basicAuth)) keys.add("targetBasicAuthPassword");
  if (p.targetAuth.tls && targets.some((t) => t.llm)) {
    keys.add("targetTlsCa");
    if (p.targetAuth.tls.mutual) keys.add("targetTlsCert").add("targetTlsKey");
  }
  for (const t of targets) if (t.basicAuth) keys.add(t.basicAuth.passwordSecret);
  return [...keys];
}
