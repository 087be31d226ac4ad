// `npm run demo [-- --warmup <s>] [--plain] [--keep]`: the local stack's rendered Prometheus and Alertmanager configs
// run as real processes on this machine, in front of two simulated LLM backends behind the exporter. A workload asks
// both models in both modes; one backend is stopped (the injected fault) until its alerts fired, then started
// again until the exporter and Prometheus show the recovery. A live view shows the key panels, the client's view per
// model and mode, the circuit breakers and the alerts. Exits 0 when the fault raised the expected alerts, a
// notification reached the webhook receiver, and the recovery was seen.
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import pino from "pino";
import { freePort } from "../bench/processes";
import { dashboardFiles } from "../dashboards";
import { BREAKER_LOG_MESSAGE } from "../exporter/src/proxy";
import { ANSWERED_BY_MODE, BREAKER_QUERY, INFRASTRUCTURE_RECORDS, RECENT_ERROR_PERCENT, keyPanels } from "./queries";
import { startLocalStack } from "./stack";
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
 * Changes to the local stack: the `for:` of the alerts the outage should raise cut to 10 s and the breaker's open
 * period to 10 s, so that fault and recovery show within two minutes; everything else is the stack file's. (Not every
 * alert: rate()s over 5 m windows read low for the first 5 minutes of a fresh Prometheus, which a 10 s `for:` on
 * e.g. LowThroughput would turn into noise.) The webhook receiver stands in for Slack/PagerDuty.
 */
const DEMO_OVERRIDES = {
  alerts: { thresholds: { errorRateWarningFor: "10s", errorRateCriticalFor: "10s", circuitBreakerOpenFor: "10s" } },
  alertmanager: { receivers: { webhook: { sendResolved: true } }, groupWait: "5s" },
  exporter: { circuitBreaker: { openSeconds: BREAKER_OPEN_SECONDS } },
};

async function main(): Promise<number> {
  const hookPort = await freePort();
  const start = Date.now();
  const elapsed = () => (Date.now() - start) / 1000;
  const cleanups: (() => unknown)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.splice(0).reverse()) await Promise.resolve().then(c).catch(() => undefined);
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

    // The exporter logs what it would log in production, into exporter.log in the stack's directory; its circuit
    // breaker lines are also kept for the view.
    const breakerLog: string[] = [];
    const exporterLogger = (dir: string) => {
      const file = createWriteStream(join(dir, "exporter.log"));
      cleanups.push(() => new Promise((r) => file.end(r)));
      return pino({ level: "info" }, new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString("utf8").split("\n")) {
            if (!line.includes(BREAKER_LOG_MESSAGE)) continue;
            const l = JSON.parse(line) as Record<string, string>;
            breakerLog.push(`t=${elapsed().toFixed(0)}s ${l.upstream}: ${l.from} -> ${l.to} (${l.reason}, ${l.consecutive_failures} consecutive failures)`);
          }
          file.write(chunk, done);
        },
      }));
    };
    const stack = await startLocalStack({
      backends: [{ upstream: "vllm-a", model: MODELS[0]! }, { upstream: "vllm-b", model: MODELS[1]! }],
      simulator: { ttftMs: 40, tpotMs: 4, jitterMs: 10, completionTokens: 24 },
      configOverrides: DEMO_OVERRIDES,
      webhookUrl: `http://127.0.0.1:${hookPort}/hook`,
      logger: exporterLogger,
      nodeExporter: true,
      keepDir: values.keep,
    });
    cleanups.push(() => stack.close());
    const { dir, exporter, prometheusUrl, alertmanagerUrl, config } = stack;
    // The dashboards Grafana would show for this stack, as `npm run render -- --stack local` bundles them.
    for (const [path, json] of Object.entries(dashboardFiles(config))) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), json);
    }
    const panels = keyPanels(config);

    const workload = startWorkload({ baseUrl: `${exporter.url}/v1`, models: MODELS, concurrency: 4 });
    cleanups.push(() => workload.stop());
    const where = values.keep ? `configs, rules and logs in ${dir}` : `configs, rules and logs in ${dir} (removed at exit; --keep keeps them)`;
    console.log(`demo: ${where}; Prometheus ${prometheusUrl}, Alertmanager ${alertmanagerUrl}`);
    console.log(`demo: Grafana dashboards in ${join(dir, "grafana", "dashboards")} (npm run render -- --stack local bundles them in out/local/grafana/dashboards/); the per-model columns below are panels of llmobs-llm-inference`);

    const seen = new Set<string>();
    let phase = "healthy traffic";
    let lastPrinted = -Infinity;
    let lastPhase = "";
    const show = async (force: boolean) => {
      const text = await frame({ prometheusUrl, alertmanagerUrl, panels, elapsedS: elapsed(), phase, notifications, client: workload.stats(), breakerLog });
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
    await stack.setBackendUp("vllm-b", false);
    const faultAt = elapsed();
    const faultRaised = await step("FAULT: vllm-b (mistral-7b) is down", BOUND_S.fault, async () => EXPECTED.every((a) => seen.has(a)) && notifications > 0);
    if (!faultRaised) problems.push(`the fault did not raise ${EXPECTED.join(" and ")} and a notification within ${BOUND_S.fault} s`);

    // Recovery: the breaker's next probe succeeds and closes it, the errors leave the panel's window, and the
    // breaker alert resolves. (The error-rate alerts look at 5 minutes and resolve later.)
    await stack.setBackendUp("vllm-b", true);
    const recoveryAt = elapsed();
    const recovered = await step("recovery: vllm-b is back", BOUND_S.recovery, async () => {
      const breaker = await valueFor(BREAKER_QUERY, { upstream: "vllm-b" });
      const errors = await valueFor(RECENT_ERROR_PERCENT, { model_id: MODELS[1]! });
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

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(`demo: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
