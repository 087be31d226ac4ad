// `npm run demo [-- --warmup <s>] [--plain] [--keep]`: the local stack's rendered Prometheus and Alertmanager configs
// run as real processes on this machine, in front of two simulated LLM backends behind the exporter. A workload asks
// both models in both modes; one backend is stopped (the injected fault) until its alerts fired, then started
// again until the exporter and Prometheus show the recovery. A live view shows the key panels, the client's view per
// model and mode, the circuit breakers and the alerts. Exits 0 when the fault raised the expected alerts, a
// notification reached the webhook receiver, and the recovery was seen.
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import pino from "pino";
import { ruleFiles } from "../alerts";
import { freePort, startProcess, stopProcess, waitUntilServing } from "../bench/processes";
import { renderAlertmanagerConfig, renderPrometheusConfig } from "../components";
import { exporterScrapeTarget } from "../components/exporter";
import { NODE_EXPORTER_NAME, nodeExporterScrapeTarget } from "../components/node-exporter";
import { deepMerge, loadStackConfig, type StackConfig } from "../config";
import { BREAKER_LOG_MESSAGE } from "../exporter/src/proxy";
import { readStackWithFixtureSecrets } from "../render/stack-input";
import { startExporter } from "../exporter/src/server";
import { startSimulator, type SimulatorHandle } from "../exporter/simulator";
import { requireTool } from "../test/helpers/tools";
import { ANSWERED_BY_MODE, BREAKER_QUERY, ERROR_PERCENT, INFRASTRUCTURE_RECORDS } from "./queries";
import { activeAlerts, alertSubject, frame, instant } from "./view";
import { MODES, startWorkload } from "./workload";

const { values } = parseArgs({
  options: { warmup: { type: "string", default: "20" }, plain: { type: "boolean", default: false }, keep: { type: "boolean", default: false } },
});
const warmupS = Number(values.warmup);
if (!Number.isFinite(warmupS) || warmupS < 10 || warmupS > 600) {
  console.error(`demo: --warmup ${values.warmup}: expected seconds of healthy traffic before the fault, from 10 to 600`);
  process.exit(2);
}
const live = process.stdout.isTTY && !values.plain;

const MODELS = ["llama-3-8b", "mistral-7b"];
/** The alerts the injected fault (mistral's backend down) must raise, as `alertSubject` names them. */
const EXPECTED = ["CriticalErrorRate mistral-7b", "CircuitBreakerOpen vllm-b"];
/** Alerts the fault must not raise: the other model's backend stays healthy. */
const UNEXPECTED = ["CriticalErrorRate llama-3-8b", "HighErrorRate llama-3-8b", "CircuitBreakerOpen vllm-a"];
/** Seconds a breaker stays open before its probe: short, so the recovery shows soon after the backend is back. */
const BREAKER_OPEN_SECONDS = 10;
/**
 * Longest wait for each step: they only stop a broken run from hanging. Recovery takes the breaker's open period,
 * then a minute for the errors to leave the 1-minute window of the errors % panel.
 */
const BOUND_S = { traffic: 60, fault: 180, recovery: 180 };
const POLL_MS = 2000;
/** Seconds between frames printed with --plain (a terminal gets one every poll). */
const PLAIN_FRAME_EVERY_S = 15;

/**
 * The local stack, with the `for:` of the alerts the outage should raise cut to 10 s and the breaker's open period
 * to 10 s, so that fault and recovery show within two minutes; everything else is the stack file's. (Not every
 * alert: rate()s over 5 m windows read low for the first 5 minutes of a fresh Prometheus, which a 10 s `for:` on
 * e.g. LowThroughput would turn into noise.) The webhook receiver stands in for Slack/PagerDuty.
 */
function demoConfig(simulatorPort: number): StackConfig {
  const { config: flat } = readStackWithFixtureSecrets(join(__dirname, "..", "stacks", "Pulumi.local.yaml"));
  const { config } = loadStackConfig(flat);
  const fast = { errorRateWarningFor: "10s", errorRateCriticalFor: "10s", circuitBreakerOpenFor: "10s" };
  return deepMerge(config, {
    alerts: { thresholds: fast },
    alertmanager: { receivers: { webhook: { sendResolved: true } }, groupWait: "5s" },
    exporter: { circuitBreaker: { openSeconds: BREAKER_OPEN_SECONDS } },
    // The simulator's native vLLM /metrics, scraped where the demo runs it rather than at its container name.
    prometheus: { llmBackends: config.prometheus.llmBackends.map((b) => ({ ...b, targets: [`127.0.0.1:${simulatorPort}`] })) },
  }) as StackConfig;
}

async function main(binaries: { prometheus: string; alertmanager: string; nodeExporter: string }): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-demo-"));
  const [promPort, amPort, hookPort, simAPort, simBPort, nodePort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
  const config = demoConfig(simAPort);
  const start = Date.now();
  const elapsed = () => (Date.now() - start) / 1000;
  const cleanups: (() => unknown)[] = [() => (values.keep ? undefined : rmSync(dir, { recursive: true, force: true }))];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve().then(c).catch(() => undefined);
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
    cleanups.push(() => new Promise((r) => hook.close(() => r(undefined))));

    const simOptions = (port: number, model: string) => ({ port, models: [model], ttftMs: 40, tpotMs: 4, jitterMs: 10, completionTokens: 24 });
    const simA = await startSimulator(simOptions(simAPort, MODELS[0]!));
    let simB: SimulatorHandle | undefined = await startSimulator(simOptions(simBPort, MODELS[1]!));
    cleanups.push(() => simA.close(), () => simB?.close());

    // The exporter's log goes to a file; its circuit breaker lines are also kept for the view.
    const breakerLog: string[] = [];
    const logFile = createWriteStream(join(dir, "exporter.log"));
    cleanups.push(() => new Promise((r) => logFile.end(r)));
    const logSink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n")) {
          if (!line.includes(BREAKER_LOG_MESSAGE)) continue;
          const l = JSON.parse(line) as Record<string, string>;
          breakerLog.push(`t=${elapsed().toFixed(0)}s ${l.upstream}: ${l.from} -> ${l.to} (${l.reason}, ${l.consecutive_failures} consecutive failures)`);
        }
        logFile.write(chunk, done);
      },
    });
    const e = config.exporter;
    const exporter = await startExporter({
      port: 0, host: "127.0.0.1", logger: pino({ level: "info" }, logSink),
      upstreams: [
        { name: "vllm-a", url: simA.url, backend: "vllm", models: [MODELS[0]!], default: false },
        { name: "vllm-b", url: simB.url, backend: "vllm", models: [MODELS[1]!], default: true },
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
    const node = startProcess("node-exporter", binaries.nodeExporter, [`--web.listen-address=127.0.0.1:${nodePort}`], {}, join(dir, "node-exporter.log"), dir);
    cleanups.push(() => stopProcess(node));
    await waitUntilServing(node, `http://127.0.0.1:${nodePort}/metrics`);
    const ports: Record<string, number> = { prometheus: promPort, alertmanager: amPort, "llm-exporter": exporter.port, [NODE_EXPORTER_NAME]: nodePort };
    const dockerAddress = (host: string) => {
      if (ports[host] === undefined) throw new Error(`demo: no local process stands in for the container ${host}`);
      return `127.0.0.1:${ports[host]}`;
    };
    writeFileSync(join(dir, "prometheus.yml"), renderPrometheusConfig({
      config, ruleFileNames: Object.keys(rules), scrapeTargets: [exporterScrapeTarget(config), nodeExporterScrapeTarget()], dockerAddress,
    }));
    writeFileSync(join(dir, "alertmanager.yml"), renderAlertmanagerConfig(config.alertmanager, { webhookUrl: `http://127.0.0.1:${hookPort}/hook` }));

    const prometheusUrl = `http://127.0.0.1:${promPort}`;
    const alertmanagerUrl = `http://127.0.0.1:${amPort}`;
    const am = startProcess("alertmanager", binaries.alertmanager, [
      `--config.file=${join(dir, "alertmanager.yml")}`, `--storage.path=${join(dir, "am-data")}`,
      `--web.listen-address=127.0.0.1:${amPort}`, "--cluster.listen-address=",
    ], {}, join(dir, "alertmanager.log"), dir);
    cleanups.push(() => stopProcess(am));
    await waitUntilServing(am, `${alertmanagerUrl}/-/ready`);
    const prom = startProcess("prometheus", binaries.prometheus, [
      `--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "prom-data")}`,
      `--web.listen-address=127.0.0.1:${promPort}`, `--storage.tsdb.retention.time=${config.prometheus.retentionTime}`,
    ], {}, join(dir, "prometheus.log"), dir);
    cleanups.push(() => stopProcess(prom));
    await waitUntilServing(prom, `${prometheusUrl}/-/ready`);

    const workload = startWorkload({ baseUrl: `${exporter.url}/v1`, models: MODELS, concurrency: 4 });
    cleanups.push(() => workload.stop());
    const where = values.keep ? `configs, rules and logs in ${dir}` : `configs, rules and logs in ${dir} (removed at exit; --keep keeps them)`;
    console.log(`demo: ${where}; Prometheus ${prometheusUrl}, Alertmanager ${alertmanagerUrl}`);

    const seen = new Set<string>();
    let phase = "healthy traffic";
    let lastPrinted = -Infinity;
    let lastPhase = "";
    const show = async (force: boolean) => {
      const text = await frame({ prometheusUrl, alertmanagerUrl, elapsedS: elapsed(), phase, notifications, client: workload.stats(), breakerLog });
      if (live) process.stdout.write(`\x1b[2J\x1b[H${text}\n`);
      else if (force || phase !== lastPhase || elapsed() - lastPrinted >= PLAIN_FRAME_EVERY_S) {
        console.log(`${text}\n`);
        lastPrinted = elapsed();
        lastPhase = phase;
      }
    };
    /** Shows frames until `reached()` holds; false if it did not within `boundS` seconds. */
    const step = async (name: string, boundS: number, reached: () => Promise<boolean>): Promise<boolean> => {
      phase = name;
      const end = Date.now() + boundS * 1000;
      for (;;) {
        for (const a of await activeAlerts(alertmanagerUrl)) seen.add(alertSubject(a));
        await show(false);
        if (await reached()) return true;
        if (Date.now() > end) return false;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    const valueFor = async (query: string, labels: Record<string, string>) =>
      (await instant(prometheusUrl, query)).find((s) => Object.entries(labels).every(([k, v]) => s.metric[k] === v))?.value[1];

    const problems: string[] = [];
    // Healthy traffic first, until Prometheus has answers for every model in both modes.
    const trafficShown = await step("healthy traffic", warmupS + BOUND_S.traffic, async () => {
      const answered = (await instant(prometheusUrl, ANSWERED_BY_MODE)).filter((s) => Number(s.value[1]) > 0);
      return elapsed() >= warmupS && answered.length === MODELS.length * MODES.length;
    });
    if (!trafficShown) problems.push(`Prometheus did not show answers for every model and mode within ${warmupS + BOUND_S.traffic} s`);

    // The fault lasts until it has raised its alerts and a notification went out: on a busy machine Prometheus can
    // lag behind, and recovering first would make the demo fail for a reason that is not the stack's.
    await simB.close();
    simB = undefined;
    const faultAt = elapsed();
    const faultRaised = await step("FAULT: vllm-b (mistral-7b) is down", BOUND_S.fault, async () => EXPECTED.every((a) => seen.has(a)) && notifications > 0);
    if (!faultRaised) problems.push(`the fault did not raise ${EXPECTED.join(" and ")} and a notification within ${BOUND_S.fault} s`);

    // Recovery: the breaker's next probe succeeds and closes it, the errors leave the panel's window, and the
    // breaker alert resolves. (The error-rate alerts look at 5 minutes and resolve later.)
    simB = await startSimulator(simOptions(simBPort, MODELS[1]!));
    const recoveryAt = elapsed();
    const recovered = await step("recovery: vllm-b is back", BOUND_S.recovery, async () => {
      const breaker = await valueFor(BREAKER_QUERY, { upstream: "vllm-b" });
      const errors = await valueFor(ERROR_PERCENT.query, { model_id: MODELS[1]! });
      const breakerAlert = (await activeAlerts(alertmanagerUrl)).some((a) => alertSubject(a) === "CircuitBreakerOpen vllm-b");
      return breaker === "0" && errors !== undefined && Number(errors) === 0 && !breakerAlert;
    });
    if (!recovered) problems.push(`no recovery (breaker vllm-b closed, ${MODELS[1]} errors 0 %, CircuitBreakerOpen resolved) within ${BOUND_S.recovery} s`);

    await workload.stop();
    await show(true);
    const totals = workload.stats().reduce((t, s) => ({ ok: t.ok + s.ok, failed: t.failed + s.failed }), { ok: 0, failed: 0 });
    console.log(`\ndemo: ${totals.ok} requests answered, ${totals.failed} failed; alerts seen: ${[...seen].sort().join(", ") || "none"}; webhook notifications: ${notifications}`);
    console.log(`demo: fault at t=${faultAt.toFixed(0)}s, backend back at t=${recoveryAt.toFixed(0)}s${recovered ? `, recovered at t=${elapsed().toFixed(0)}s: breaker vllm-b closed, ${MODELS[1]} errors 0 %, CircuitBreakerOpen vllm-b resolved` : ""}`);
    console.log(`demo: circuit breaker log:\n${breakerLog.map((l) => `  ${l}`).join("\n") || "  (nothing)"}`);
    const missing = EXPECTED.filter((a) => !seen.has(a));
    const spurious = UNEXPECTED.filter((a) => seen.has(a));
    if (missing.length > 0) problems.push(`expected alerts not seen: ${missing.join(", ")}`);
    if (spurious.length > 0) problems.push(`alerts that should not have fired: ${spurious.join(", ")}`);
    if (notifications === 0) problems.push("no notification reached the webhook receiver");
    const infrastructure = await Promise.all(INFRASTRUCTURE_RECORDS.map(async (r) => [r, (await instant(prometheusUrl, r)).length] as const));
    console.log(`demo: infrastructure rules from the node exporter: ${infrastructure.map(([r, n]) => `${r} ${n} series`).join(", ")}`);
    const empty = infrastructure.filter(([, n]) => n === 0).map(([r]) => r);
    if (empty.length > 0) problems.push(`infrastructure rules without data: ${empty.join(", ")}`);
    if (problems.length > 0) {
      console.log(`demo: FAILED: ${problems.join("; ")}`);
      return 1;
    }
    console.log("demo: OK: the injected fault fired the expected alerts and reached the receiver, and the recovery was seen");
    return 0;
  } finally {
    await cleanup();
  }
}

let binaries: { prometheus: string; alertmanager: string; nodeExporter: string };
try {
  binaries = { prometheus: requireTool("prometheus"), alertmanager: requireTool("prometheus-alertmanager"), nodeExporter: requireTool("prometheus-node-exporter") };
} catch (e) {
  console.error(`demo: ${(e as Error).message}`);
  process.exit(2);
}
main(binaries).then((code) => process.exit(code), (e: unknown) => {
  console.error(`demo: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
