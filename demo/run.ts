// `npm run demo [-- --duration <s>] [--plain]`: the local stack's rendered Prometheus and Alertmanager configs run as
// real processes on this machine, in front of two simulated LLM backends behind the exporter. A scripted workload
// runs, one backend is stopped mid-way (the injected fault), and a live view shows the key panels and the alerts
// that fire. Exits 0 when the fault raised the expected alerts and a notification reached the webhook receiver.
import { createServer } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { dashboardFiles } from "../dashboards";
import { freePort, requireBinaries } from "./processes";
import { keyPanels } from "./queries";
import { startLocalStack, type LocalStack } from "./stack";
import { activeAlerts, alertSubject, frame } from "./view";
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
 * The `for:` of the alerts the outage should raise, cut to 10 s so that they fire within the demo; everything
 * else is the stack file's. (Not every alert: rate()s over 5 m windows read low for the first 5 minutes of a fresh
 * Prometheus, which a 10 s `for:` on e.g. LowThroughput would turn into noise.) The webhook receiver stands in for
 * Slack/PagerDuty.
 */
const DEMO_OVERRIDES = {
  alerts: { thresholds: { errorRateWarningFor: "10s", errorRateCriticalFor: "10s", circuitBreakerOpenFor: "10s" } },
  alertmanager: { receivers: { webhook: { sendResolved: true } }, groupWait: "5s" },
};

async function main(): Promise<void> {
  const hookPort = await freePort();
  let stack: LocalStack | undefined;
  let notifications = 0;
  const hook = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      notifications++;
      res.end();
    });
  }).listen(hookPort, "127.0.0.1");
  const cleanup = async () => {
    await stack?.close();
    await new Promise<void>((r) => hook.close(() => r()));
  };
  process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));

  try {
    stack = await startLocalStack({
      backends: [{ upstream: "vllm-a", model: "llama-3-8b" }, { upstream: "vllm-b", model: "mistral-7b" }],
      simulator: { ttftMs: 40, tpotMs: 4, jitterMs: 10, completionTokens: 24 },
      configOverrides: DEMO_OVERRIDES,
      webhookUrl: `http://127.0.0.1:${hookPort}/hook`,
    });
    const { dir, exporter, prometheusUrl, alertmanagerUrl, config } = stack;
    const panels = keyPanels(config);
    // The dashboards Grafana would show for this stack, as `npm run render -- --stack local` bundles them.
    for (const [path, json] of Object.entries(dashboardFiles(config))) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), json);
    }
    let backendUp = true;

    const start = Date.now();
    const elapsed = () => (Date.now() - start) / 1000;
    const faultAt = durationS * 0.3;
    const recoverAt = durationS * 0.8;
    let phase = "healthy traffic";
    const workload = runWorkload({ baseUrl: `${exporter.url}/v1`, models: ["llama-3-8b", "mistral-7b"], concurrency: 4, until: start + durationS * 1000 });

    const seen = new Set<string>();
    console.log(`demo: configs, rules and logs in ${dir}; Prometheus ${prometheusUrl}, Alertmanager ${alertmanagerUrl}`);
    console.log(`demo: Grafana dashboards in ${join(dir, "grafana", "dashboards")} (npm run render -- --stack local bundles them in out/local/grafana/dashboards/); the columns below are panels of llmobs-llm-inference`);
    let lastPrinted = -Infinity;
    let lastPhase = "";
    const show = async (force: boolean) => {
      const text = await frame({ prometheusUrl, alertmanagerUrl, panels, elapsedS: elapsed(), phase, notifications });
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
      if (backendUp && elapsed() >= faultAt && elapsed() < recoverAt) {
        phase = "FAULT: vllm-b (mistral-7b) is down";
        await stack.setBackendUp("vllm-b", false);
        backendUp = false;
      } else if (!backendUp && elapsed() >= recoverAt && faultRaisedItsAlerts) {
        phase = "recovery: vllm-b is back";
        await stack.setBackendUp("vllm-b", true);
        backendUp = true;
      }
      for (const a of await activeAlerts(alertmanagerUrl)) seen.add(alertSubject(a));
      await show(false);
      await new Promise((r) => setTimeout(r, 3000));
    }
    const totals = await workload;
    await show(true);
    const missing = EXPECTED.filter((a) => !seen.has(a));
    const spurious = UNEXPECTED.filter((a) => seen.has(a));
    console.log(`\ndemo: ${totals.ok} requests answered, ${totals.failed} failed; alerts seen: ${[...seen].sort().join(", ") || "none"}; webhook notifications: ${notifications}`);
    if (missing.length > 0 || spurious.length > 0 || notifications === 0) {
      console.log(`demo: FAILED: expected alerts not seen: ${missing.join(", ") || "none"}; alerts that should not have fired: ${spurious.join(", ") || "none"}; notifications ${notifications}`);
      process.exitCode = 1;
    } else console.log("demo: OK: the injected fault fired the expected alerts and reached the receiver");
  } finally {
    await cleanup();
  }
}

try {
  requireBinaries(["prometheus", "prometheus-alertmanager"]);
} catch (e) {
  console.error(`demo: ${(e as Error).message}`);
  process.exit(2);
}
main().catch((e) => {
  console.error(`demo: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
