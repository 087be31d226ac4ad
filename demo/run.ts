// `npm run demo [-- --duration <s>] [--plain]`: the local stack's rendered Prometheus and Alertmanager configs run as
// real processes on this machine (with Debian's node exporter for the infrastructure rules), in front of two
// simulated LLM backends behind the exporter. A scripted workload
// runs, one backend is stopped mid-way (the injected fault), and a live view shows the key panels and the alerts
// that fire. Exits 0 when the fault raised the expected alerts and a notification reached the webhook receiver.
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pino from "pino";
import { ruleFiles } from "../alerts";
import { renderAlertmanagerConfig, renderPrometheusConfig } from "../components";
import { exporterScrapeTarget } from "../components/exporter";
import { NODE_EXPORTER_NAME, nodeExporterScrapeTarget } from "../components/node-exporter";
import { deepMerge, loadStackConfig, type StackConfig } from "../config";
import { readStackWithFixtureSecrets } from "../render/stack-input";
import { startExporter } from "../exporter/src/server";
import { startSimulator, type SimulatorHandle } from "../exporter/simulator";
import { freePort, requireBinaries, startServer, stopServer } from "./processes";
import { INFRASTRUCTURE_RECORDS } from "./queries";
import { activeAlerts, alertSubject, frame, instant } from "./view";
import { runWorkload } from "./workload";

const { values } = parseArgs({ options: { duration: { type: "string", default: "120" }, plain: { type: "boolean", default: false } } });
const durationS = Number(values.duration);
if (!Number.isFinite(durationS) || durationS < 60) {
  console.error(`demo: --duration ${values.duration}: expected a number of seconds >= 60 (alerts need time to fire)`);
  process.exit(2);
}
const live = process.stdout.isTTY && !values.plain;

/** The alerts the injected fault (mistral's backend down) must raise, as `alertSubject` names them. */
const EXPECTED = ["CriticalErrorRate mistral-7b", "CircuitBreakerOpen vllm-b"];
/** Alerts the fault must not raise: the other model's backend stays healthy. */
const UNEXPECTED = ["CriticalErrorRate llama-3-8b", "HighErrorRate llama-3-8b", "CircuitBreakerOpen vllm-a"];
/** Seconds between frames printed with --plain (a terminal gets one every poll). */
const PLAIN_FRAME_EVERY_S = 15;

/**
 * The local stack, with the `for:` of the alerts the outage should raise cut to 10 s so that they fire within the
 * demo; everything else is the stack file's. (Not every alert: rate()s over 5 m windows read low for the first
 * 5 minutes of a fresh Prometheus, which a 10 s `for:` on e.g. LowThroughput would turn into noise.) The webhook
 * receiver stands in for Slack/PagerDuty.
 */
function demoConfig(simulatorPort: number): StackConfig {
  const { config: flat } = readStackWithFixtureSecrets(join(__dirname, "..", "stacks", "Pulumi.local.yaml"));
  const { config } = loadStackConfig(flat);
  const fast = { errorRateWarningFor: "10s", errorRateCriticalFor: "10s", circuitBreakerOpenFor: "10s" };
  return deepMerge(config, {
    alerts: { thresholds: fast },
    alertmanager: { receivers: { webhook: { sendResolved: true } }, groupWait: "5s" },
    // The simulator's native vLLM /metrics, scraped where the demo runs it rather than at its container name.
    prometheus: { llmBackends: config.prometheus.llmBackends.map((b) => ({ ...b, targets: [`127.0.0.1:${simulatorPort}`] })) },
  }) as StackConfig;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-demo-"));
  const [promPort, amPort, hookPort, simAPort, simBPort, nodePort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
  const config = demoConfig(simAPort);
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));

  try {
    let notifications = 0;
    const hook = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        notifications++;
        res.end();
      });
    }).listen(hookPort, "127.0.0.1");
    cleanups.push(() => new Promise((r) => hook.close(() => r())));

    const simOptions = (port: number, model: string) => ({ port, models: [model], ttftMs: 40, tpotMs: 4, jitterMs: 10, completionTokens: 24 });
    const simA = await startSimulator(simOptions(simAPort, "llama-3-8b"));
    let simB: SimulatorHandle | undefined = await startSimulator(simOptions(simBPort, "mistral-7b"));
    cleanups.push(() => simA.close(), async () => simB?.close());

    const e = config.exporter;
    const exporter = await startExporter({
      port: 0, host: "127.0.0.1", logger: pino({ level: "warn" }, pino.destination(join(dir, "exporter.log"))),
      upstreams: [
        { name: "vllm-a", url: simA.url, backend: "vllm", models: ["llama-3-8b"], default: false },
        { name: "vllm-b", url: simB.url, backend: "vllm", models: ["mistral-7b"], default: true },
      ],
      maxModelIds: e.maxModelIds, connectTimeoutMs: e.timeouts.connectMs, firstByteTimeoutMs: e.timeouts.firstByteMs,
      idleTimeoutMs: e.timeouts.idleMs, breakerFailureThreshold: e.circuitBreaker.failureThreshold,
      breakerOpenSeconds: e.circuitBreaker.openSeconds, backendScrapeIntervalMs: 2000,
      auditLog: { dir: join(dir, "audit"), retentionDays: e.audit.retentionDays, maxSizeMb: e.audit.maxSizeMb },
    });
    cleanups.push(() => exporter.close());

    // The same rule files and configs `npm run render -- --stack local` writes, with each container's address
    // mapped to the loopback port its stand-in process listens on.
    mkdirSync(join(dir, "rules"));
    const rules = ruleFiles(config);
    for (const [name, text] of Object.entries(rules)) writeFileSync(join(dir, "rules", name), text);
    // The Debian node exporter stands in for the local stack's node-exporter container, for the node:* rules.
    const node = await startServer("prometheus-node-exporter", [`--web.listen-address=127.0.0.1:${nodePort}`], join(dir, "node-exporter.log"), `http://127.0.0.1:${nodePort}/metrics`);
    cleanups.push(() => stopServer(node));
    const ports: Record<string, number> = { prometheus: promPort, alertmanager: amPort, "llm-exporter": exporter.port, [NODE_EXPORTER_NAME]: nodePort };
    const dockerAddress = (host: string) => {
      if (ports[host] === undefined) throw new Error(`demo: no local process stands in for the container ${host}`);
      return `127.0.0.1:${ports[host]}`;
    };
    writeFileSync(join(dir, "prometheus.yml"), renderPrometheusConfig({
      config, ruleFileNames: Object.keys(rules), scrapeTargets: [exporterScrapeTarget(config), nodeExporterScrapeTarget()], dockerAddress,
    }));
    writeFileSync(join(dir, "alertmanager.yml"), renderAlertmanagerConfig(config.alertmanager, { webhookUrl: `http://127.0.0.1:${hookPort}/hook` }));

    const am = await startServer("prometheus-alertmanager", [
      `--config.file=${join(dir, "alertmanager.yml")}`, `--storage.path=${join(dir, "am-data")}`,
      `--web.listen-address=127.0.0.1:${amPort}`, "--cluster.listen-address=",
    ], join(dir, "alertmanager.log"), `http://127.0.0.1:${amPort}/-/ready`);
    cleanups.push(() => stopServer(am));
    const prom = await startServer("prometheus", [
      `--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "prom-data")}`,
      `--web.listen-address=127.0.0.1:${promPort}`, `--storage.tsdb.retention.time=${config.prometheus.retentionTime}`,
    ], join(dir, "prometheus.log"), `http://127.0.0.1:${promPort}/-/ready`);
    cleanups.push(() => stopServer(prom));

    const start = Date.now();
    const elapsed = () => (Date.now() - start) / 1000;
    const faultAt = durationS * 0.3;
    const recoverAt = durationS * 0.8;
    let phase = "healthy traffic";
    const workload = runWorkload({ baseUrl: `${exporter.url}/v1`, models: ["llama-3-8b", "mistral-7b"], concurrency: 4, until: start + durationS * 1000 });

    const prometheusUrl = `http://127.0.0.1:${promPort}`;
    const alertmanagerUrl = `http://127.0.0.1:${amPort}`;
    const seen = new Set<string>();
    console.log(`demo: configs, rules and logs in ${dir}; Prometheus ${prometheusUrl}, Alertmanager ${alertmanagerUrl}`);
    let lastPrinted = -Infinity;
    let lastPhase = "";
    const show = async (force: boolean) => {
      const text = await frame({ prometheusUrl, alertmanagerUrl, elapsedS: elapsed(), phase, notifications });
      if (live) process.stdout.write(`\x1b[2J\x1b[H${text}\n`);
      else if (force || phase !== lastPhase || elapsed() - lastPrinted >= PLAIN_FRAME_EVERY_S) {
        console.log(`${text}\n`);
        lastPrinted = elapsed();
        lastPhase = phase;
      }
    };
    while (elapsed() < durationS) {
      // The fault lasts until it has raised its alerts (or the run ends): on a busy machine Prometheus can lag
      // behind, and recovering first would make the demo fail for a reason that is not the stack's.
      const faultRaisedItsAlerts = EXPECTED.every((a) => seen.has(a));
      if (simB && elapsed() >= faultAt && elapsed() < recoverAt) {
        phase = "FAULT: vllm-b (mistral-7b) is down";
        await simB.close();
        simB = undefined;
      } else if (!simB && elapsed() >= recoverAt && faultRaisedItsAlerts) {
        phase = "recovery: vllm-b is back";
        simB = await startSimulator(simOptions(simBPort, "mistral-7b"));
      }
      for (const a of await activeAlerts(alertmanagerUrl)) seen.add(alertSubject(a));
      await show(false);
      await new Promise((r) => setTimeout(r, 3000));
    }
    const totals = await workload;
    await show(true);
    const missing = EXPECTED.filter((a) => !seen.has(a));
    const spurious = UNEXPECTED.filter((a) => seen.has(a));
    const infrastructure = await Promise.all(INFRASTRUCTURE_RECORDS.map(async (r) => [r, (await instant(prometheusUrl, r)).length] as const));
    const empty = infrastructure.filter(([, n]) => n === 0).map(([r]) => r);
    console.log(`demo: infrastructure rules from the node exporter: ${infrastructure.map(([r, n]) => `${r} ${n} series`).join(", ")}`);
    console.log(`\ndemo: ${totals.ok} requests answered, ${totals.failed} failed; alerts seen: ${[...seen].sort().join(", ") || "none"}; webhook notifications: ${notifications}`);
    if (missing.length > 0 || spurious.length > 0 || notifications === 0 || empty.length > 0) {
      console.log(`demo: FAILED: expected alerts not seen: ${missing.join(", ") || "none"}; alerts that should not have fired: ${spurious.join(", ") || "none"}; notifications ${notifications}; infrastructure rules without data: ${empty.join(", ") || "none"}`);
      process.exitCode = 1;
    } else console.log("demo: OK: the injected fault fired the expected alerts and reached the receiver");
  } finally {
    await cleanup();
  }
}

try {
  requireBinaries(["prometheus", "prometheus-alertmanager", "prometheus-node-exporter"]);
} catch (e) {
  console.error(`demo: ${(e as Error).message}`);
  process.exit(2);
}
main().catch((e) => {
  console.error(`demo: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
