import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import { collectDefaultMetrics } from "prom-client";
import { ruleFiles } from "../alerts";
import { renderAlertmanagerConfig, renderPrometheusConfig } from "../components";
import { exporterScrapeTarget } from "../components/exporter";
import { NODE_EXPORTER_NAME, nodeExporterScrapeTarget } from "../components/node-exporter";
import { deepMerge, loadStackConfig, type StackConfig } from "../config";
import { readStackWithFixtureSecrets } from "../render/stack-input";
import { createMetrics } from "../exporter/src/metrics";
import { startExporter, type ExporterHandle } from "../exporter/src/server";
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from "../exporter/simulator";
import { freePort, startProcess, stopProcess, waitUntilServing } from "../bench/processes";
import { requireTool } from "../test/helpers/tools";

/** One simulated backend and the model it serves. */
export interface Backend {
  /** Upstream name in the exporter (`vllm-a`). */
  readonly upstream: string;
  readonly model: string;
}

export interface LocalStackOptions {
  /** The backends, each a simulator behind the exporter; the last is the exporter's default upstream. */
  readonly backends: readonly Backend[];
  /** Simulator settings shared by every backend (latency, error rate). */
  readonly simulator: Omit<SimulatorOptions, "port" | "models">;
  /** Changes on top of the `local` stack file's config (shorter `for:`, a webhook receiver). Defaults to none. */
  readonly configOverrides?: object;
  /** Where Alertmanager's webhook receiver posts, when the overrides enable it. Defaults to none. */
  readonly webhookUrl?: string;
  /** Runs before Prometheus starts, with its empty TSDB directory (e.g. to backfill blocks). Defaults to nothing. */
  readonly prepareTsdb?: (tsdbDir: string, config: StackConfig) => Promise<void>;
  /** A fake or real nvidia-smi for the exporter's GPU collector. Defaults to none (no GPU metrics). */
  readonly nvidiaSmiPath?: string;
  /** OTLP/HTTP endpoint the exporter sends spans to; traced requests put trace-id exemplars on latency buckets. Defaults to no tracing. */
  readonly otlpEndpoint?: string;
  /** Makes the exporter's logger, given the stack's directory. Defaults to warnings and errors into `exporter.log` there. */
  readonly logger?: (dir: string) => Logger;
  /** Run Debian's prometheus-node-exporter for the stack's node-exporter container (the node:* rules). Defaults to false. */
  readonly nodeExporter?: boolean;
  /** Keep the stack's directory (configs, rules, logs, TSDB) when it closes. Defaults to removing it. */
  readonly keepDir?: boolean;
}

/** The running local stack: its processes, addresses and config, and how to stop it all. */
export interface LocalStack {
  readonly dir: string;
  readonly config: StackConfig;
  readonly exporter: ExporterHandle;
  readonly prometheusUrl: string;
  readonly alertmanagerUrl: string;
  /** Stops one backend's simulator (a fault) or starts it again on the same port. */
  setBackendUp(upstream: string, up: boolean): Promise<void>;
  /** Stops everything, in reverse start order. */
  close(): Promise<void>;
}

/**
 * The `local` stack's rendered prometheus.yml, rule files and alertmanager.yml in the real `prometheus` and
 * `prometheus-alertmanager` binaries on 127.0.0.1, scraping the exporter (in-process) in front of simulated
 * backends. Shared by `npm run demo` and the tests that need the stack running.
 */
export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  // Before anything starts: a missing server fails at once, naming its Debian package.
  const bin = {
    prometheus: requireTool("prometheus"),
    alertmanager: requireTool("prometheus-alertmanager"),
    nodeExporter: o.nodeExporter ? requireTool("prometheus-node-exporter") : undefined,
  };
  const dir = mkdtempSync(join(tmpdir(), "llmobs-stack-"));
  const [promPort, amPort, nodePort, ...simPorts] = await Promise.all([freePort(), freePort(), freePort(), ...o.backends.map(() => freePort())]);
  const { config: flat } = readStackWithFixtureSecrets(join(__dirname, "..", "stacks", "Pulumi.local.yaml"));
  const base = loadStackConfig(flat).config;
  const firstSim = `127.0.0.1:${simPorts[0]}`;
  const config = deepMerge(base, {
    ...o.configOverrides,
    // The simulator's native vLLM /metrics, scraped where it runs rather than at its container name.
    prometheus: { llmBackends: base.prometheus.llmBackends.map((b) => ({ ...b, targets: [firstSim] })) },
  }) as StackConfig;

  const cleanups: (() => unknown)[] = [() => (o.keepDir ? undefined : rmSync(dir, { recursive: true, force: true }))];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) await Promise.resolve().then(c).catch(() => undefined);
  };
  try {
    const sims = new Map<string, SimulatorHandle | undefined>();
    const simOptions = (i: number) => ({ ...o.simulator, port: simPorts[i]!, models: [o.backends[i]!.model] });
    for (const [i, b] of o.backends.entries()) sims.set(b.upstream, await startSimulator(simOptions(i)));
    cleanups.push(async () => {
      for (const s of sims.values()) await s?.close();
    });

    const e = config.exporter;
    const metrics = createMetrics();
    // The process_* / nodejs_* runtime metrics, as exporter/src/main.ts registers them (once per process: a second
    // stack in the same process would add a second, unstoppable event-loop monitor).
    collectDefaultMetrics({ register: metrics.registry });
    const exporter = await startExporter({
      metrics,
      port: 0, host: "127.0.0.1", logger: o.logger?.(dir) ?? pino({ level: "warn" }, pino.destination(join(dir, "exporter.log"))),
      upstreams: o.backends.map((b, i) => ({ name: b.upstream, url: `http://127.0.0.1:${simPorts[i]}`, backend: "vllm" as const, models: [b.model], default: i === o.backends.length - 1 })),
      maxModelIds: e.maxModelIds, connectTimeoutMs: e.timeouts.connectMs, firstByteTimeoutMs: e.timeouts.firstByteMs,
      idleTimeoutMs: e.timeouts.idleMs, breakerFailureThreshold: e.circuitBreaker.failureThreshold,
      breakerOpenSeconds: e.circuitBreaker.openSeconds, backendScrapeIntervalMs: 2000,
      auditLog: { dir: join(dir, "audit"), retentionDays: e.audit.retentionDays, maxSizeMb: e.audit.maxSizeMb },
      ...(o.nvidiaSmiPath === undefined ? {} : { gpu: { intervalMs: 2000, nvidiaSmiPath: o.nvidiaSmiPath } }),
      ...(o.otlpEndpoint === undefined ? {} : { tracing: { endpoint: o.otlpEndpoint, serviceName: "llm-exporter", sampleRatio: 1 } }),
    });
    cleanups.push(() => exporter.close());

    // The same rule files and configs `npm run render -- --stack local` writes, with each container's address
    // mapped to the loopback port its stand-in process listens on.
    mkdirSync(join(dir, "rules"));
    const rules = ruleFiles(config);
    for (const [name, text] of Object.entries(rules)) writeFileSync(join(dir, "rules", name), text);
    const ports: Record<string, number> = { prometheus: promPort!, alertmanager: amPort!, "llm-exporter": exporter.port };
    const scrapeTargets = [exporterScrapeTarget(config)];
    if (bin.nodeExporter !== undefined) {
      const node = startProcess("node-exporter", bin.nodeExporter, [`--web.listen-address=127.0.0.1:${nodePort}`], {}, join(dir, "node-exporter.log"), dir);
      cleanups.push(() => stopProcess(node));
      await waitUntilServing(node, `http://127.0.0.1:${nodePort}/metrics`);
      ports[NODE_EXPORTER_NAME] = nodePort!;
      scrapeTargets.push(nodeExporterScrapeTarget());
    }
    const dockerAddress = (host: string) => {
      if (ports[host] === undefined) throw new Error(`no local process stands in for the container ${host}`);
      return `127.0.0.1:${ports[host]}`;
    };
    writeFileSync(join(dir, "prometheus.yml"), renderPrometheusConfig({
      config, ruleFileNames: Object.keys(rules), scrapeTargets, dockerAddress,
    }));
    writeFileSync(join(dir, "alertmanager.yml"), renderAlertmanagerConfig(config.alertmanager, o.webhookUrl ? { webhookUrl: o.webhookUrl } : {}));

    const am = startProcess("alertmanager", bin.alertmanager, [
      `--config.file=${join(dir, "alertmanager.yml")}`, `--storage.path=${join(dir, "am-data")}`,
      `--web.listen-address=127.0.0.1:${amPort}`, "--cluster.listen-address=",
    ], {}, join(dir, "alertmanager.log"), dir);
    cleanups.push(() => stopProcess(am));
    await waitUntilServing(am, `http://127.0.0.1:${amPort}/-/ready`);
    const tsdb = join(dir, "prom-data");
    mkdirSync(tsdb);
    await o.prepareTsdb?.(tsdb, config);
    const prom = startProcess("prometheus", bin.prometheus, [
      `--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${tsdb}`,
      `--web.listen-address=127.0.0.1:${promPort}`, `--storage.tsdb.retention.time=${config.prometheus.retentionTime}`,
      // As the Prometheus component runs it (components/prometheus/server-args.ts): exemplars are kept.
      "--enable-feature=exemplar-storage",
    ], {}, join(dir, "prometheus.log"), dir);
    cleanups.push(() => stopProcess(prom));
    await waitUntilServing(prom, `http://127.0.0.1:${promPort}/-/ready`);

    const setBackendUp = async (upstream: string, up: boolean) => {
      const i = o.backends.findIndex((b) => b.upstream === upstream);
      if (i < 0) throw new Error(`no backend ${upstream}`);
      const running = sims.get(upstream);
      if (up && !running) sims.set(upstream, await startSimulator(simOptions(i)));
      if (!up && running) {
        sims.set(upstream, undefined);
        await running.close();
      }
    };
    return {
      dir, config, exporter, setBackendUp, close,
      prometheusUrl: `http://127.0.0.1:${promPort}`, alertmanagerUrl: `http://127.0.0.1:${amPort}`,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
