import { collectDefaultMetrics } from "prom-client";
import { runExportAuditCli } from "./audit";
import { EXPORTER_USAGE, exporterHelp, loadRuntimeConfig, RuntimeConfigError, type RuntimeConfig } from "./config";
import { createLogger } from "./logging";
import { createMetrics } from "./metrics";
import { startExporter } from "./server";

async function serve(config: RuntimeConfig): Promise<void> {
  const logger = createLogger(config.logLevel);
  const metrics = createMetrics();
  // The process's own CPU, memory, file descriptors, heap, GC and event-loop lag under prom-client's standard
  // process_* / nodejs_* names, as every Node service exposes them. Registered here, once per process, and not in
  // startExporter: prom-client cannot stop its event-loop monitor or GC observer, and tests start many exporters.
  collectDefaultMetrics({ register: metrics.registry });
  const exporter = await startExporter({
    metrics,
    upstreams: config.upstreams, port: config.port, host: config.host, maxModelIds: config.maxModelIds,
    connectTimeoutMs: config.timeouts.connectMs, firstByteTimeoutMs: config.timeouts.firstByteMs, idleTimeoutMs: config.timeouts.idleMs,
    breakerFailureThreshold: config.circuitBreaker.failureThreshold, breakerOpenSeconds: config.circuitBreaker.openSeconds,
    maxBodyBytes: config.maxBodyBytes, backendScrapeIntervalMs: config.backendScrapeIntervalMs,
    upstreamProbeIntervalMs: config.upstreamProbeIntervalMs, logger,
    gpu: { intervalMs: config.gpuPollIntervalMs, nvidiaSmiPath: config.nvidiaSmiPath },
    tracing: config.otel,
    ...(config.audit.enabled ? { auditLog: { dir: config.audit.dir, retentionDays: config.audit.retentionDays, maxSizeMb: config.audit.maxSizeMb } } : {}),
    ...(config.apiToken ? { apiToken: config.apiToken } : {}),
    ...(config.metricsAuth ? { metricsAuth: config.metricsAuth } : {}),
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    exporter.close().then(() => process.exit(0), (err: unknown) => {
      logger.error({ err }, "shutdown failed");
      logger.flush();
      process.exit(1);
    });
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(exporterHelp());
    return;
  }
  if (argv[0] === "export-audit") {
    process.exitCode = await runExportAuditCli(argv.slice(1));
    return;
  }
  await serve(loadRuntimeConfig(argv, process.env));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Config mistakes get one line a person can act on; anything else is a bug and keeps its stack.
  console.error(err instanceof RuntimeConfigError ? `llm-exporter: ${err.message}` : err);
  if (err instanceof RuntimeConfigError) console.error(EXPORTER_USAGE);
  process.exit(2);
});
