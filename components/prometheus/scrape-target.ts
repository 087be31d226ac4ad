import type { SecretKey } from "../../config";

/**
 * A workload of the stack. Docker: scraped at `host:port` on the stack network. Kubernetes: endpoints are
 * discovered from Services labelled with `scrapeLabels(job)` (components/kubernetes) on the port `portName`.
 */
export interface StackEndpoint {
  /** The container's DNS name on the Docker network, e.g. `llm-exporter`. */
  host: string;
  /** Metrics port of the container. */
  port: number;
  /** Name of the Service port serving metrics (Kubernetes). Defaults to `metrics`. */
  portName?: string;
}

/** Fixed addresses, scraped as they are on every platform (an LLM server outside the stack). */
export interface StaticEndpoint {
  /** `host:port` list. */
  addresses: string[];
}

/**
 * One thing Prometheus scrapes. Components describe their metrics endpoint with this and hand it to the
 * Prometheus component; the renderer turns it into a scrape job for the platform.
 */
export interface ScrapeTarget {
  /**
   * Job name (and the `job` label), e.g. `llm-exporter`: lowercase letters, digits and '-', at most 63 characters
   * for a stack endpoint (it is a Kubernetes label value there), 80 for fixed addresses.
   */
  job: string;
  /** Where the target is. */
  endpoint: StackEndpoint | StaticEndpoint;
  /** Path of the metrics endpoint. Defaults to `/metrics`. */
  metricsPath?: string;
  /**
   * An LLM workload (exporter, backend): scraped with `prometheus.targetAuth`'s scheme, basic auth and TLS.
   * Defaults to false (plain HTTP, no auth).
   */
  llm?: boolean;
  /**
   * Basic auth for this target: the username, and the secret key whose value is the password (mounted as a
   * file, e.g. the exporter's `exporterMetricsPassword`). Overrides `targetAuth`'s. Defaults to none.
   */
  basicAuth?: { username: string; passwordSecret: SecretKey };
  /** Constant, bounded labels added to every series of the job, e.g. `{ backend: "vllm" }`. Defaults to none. */
  labels?: Record<string, string>;
}

/** True for fixed addresses, false for a workload of the stack. */
export function isStatic(e: ScrapeTarget["endpoint"]): e is StaticEndpoint {
  return "addresses" in e;
}

const JOB = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOST_PORT = /^[A-Za-z0-9.-]+:[0-9]{1,5}$/;
const PORT_NAME = /^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function endpointProblems(at: string, e: ScrapeTarget["endpoint"]): string[] {
  if (isStatic(e)) {
    if (e.addresses.length === 0) return [`${at}.endpoint.addresses: expected at least one host:port`];
    return e.addresses.filter((a) => !HOST_PORT.test(a)).map((a) => `${at}.endpoint.addresses: ${JSON.stringify(a)}: expected host:port`);
  }
  const p: string[] = [];
  if (!/^[A-Za-z0-9.-]+$/.test(e.host)) p.push(`${at}.endpoint.host = ${JSON.stringify(e.host)}: expected a DNS name`);
  if (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535) p.push(`${at}.endpoint.port = ${e.port}: expected an integer 1-65535`);
  if (e.portName !== undefined && !PORT_NAME.test(e.portName)) {
    p.push(`${at}.endpoint.portName = ${JSON.stringify(e.portName)}: expected a Kubernetes port name (at most 15 lowercase letters, digits, '-')`);
  }
  return p;
}

/** Problems with a list of scrape targets, one line each, naming the target, the field and what is allowed. */
export function scrapeTargetProblems(targets: readonly ScrapeTarget[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    const at = `scrapeTargets[${i}] (job ${JSON.stringify(t.job)})`;
    const maxLength = isStatic(t.endpoint) ? 80 : 63;
    if (!JOB.test(t.job) || t.job.length > maxLength) problems.push(`${at}.job: expected lowercase letters, digits and '-', at most ${maxLength} characters`);
    if (seen.has(t.job)) problems.push(`${at}.job: duplicate job name; each job must be unique`);
    seen.add(t.job);
    problems.push(...endpointProblems(at, t.endpoint));
    if (t.metricsPath !== undefined && !t.metricsPath.startsWith("/")) problems.push(`${at}.metricsPath = ${JSON.stringify(t.metricsPath)}: expected a path starting with /`);
    for (const name of Object.keys(t.labels ?? {})) {
      if (!LABEL_NAME.test(name) || name.startsWith("__")) problems.push(`${at}.labels.${name}: expected a Prometheus label name not starting with __`);
    }
  });
  return problems;
}
