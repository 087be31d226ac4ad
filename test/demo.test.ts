import { before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { requireTool } from "./helpers/tools";

const run = promisify(execFile);

before(() => {
  requireTool("prometheus");
  requireTool("prometheus-alertmanager");
});

// End to end with real servers on loopback: the local stack's rendered prometheus.yml, rules and alertmanager.yml
// run in the Debian prometheus/alertmanager binaries, scraping the exporter in front of two simulated backends.
// The demo waits for each step (traffic, alerts, recovery) with a bound instead of a fixed schedule, and exits
// non-zero unless stopping one backend fires CriticalErrorRate and CircuitBreakerOpen, Alertmanager delivers a
// notification, and after the backend is back its breaker closes, its errors go to 0 and the breaker alert resolves.
test("demo: an injected backend outage fires the expected alerts through real Prometheus and Alertmanager, and recovers", { timeout: 600_000 }, async () => {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "demo/run.ts", "--warmup", "15", "--plain"], {
    cwd: join(__dirname, ".."), maxBuffer: 16 * 1024 * 1024,
  });
  assert.match(stdout, /demo: OK/);
  // The demo's own verdict covers these too; asserting them here keeps the test honest if that verdict regresses.
  const seen = /alerts seen: (.*); webhook notifications: (\d+)/.exec(stdout);
  assert.ok(seen, "the demo prints the alerts it saw");
  const alerts = seen[1]!.split(", ");
  assert.ok(alerts.includes("CriticalErrorRate mistral-7b"), seen[1]);
  assert.ok(alerts.includes("CircuitBreakerOpen vllm-b"), seen[1]);
  assert.ok(!alerts.some((a) => a.endsWith("llama-3-8b") || a.endsWith("vllm-a")), `the healthy model must not alert: ${seen[1]}`);
  assert.ok(Number(seen[2]) > 0, "Alertmanager delivered to the webhook receiver");
  assert.match(stdout, /phase: FAULT: vllm-b/, "the view shows the fault phase");
  assert.match(stdout, /phase: recovery: vllm-b is back/, "the view shows the recovery phase");
  assert.match(stdout, /recovered at t=\d+s: breaker vllm-b closed, mistral-7b errors 0 %, CircuitBreakerOpen vllm-b resolved/);

  // The breaker's log: it opened on the failures and closed on a successful probe once the backend was back.
  const log = stdout.slice(stdout.indexOf("demo: circuit breaker log:"));
  assert.match(log, /vllm-b: closed -> open \(failure_threshold, \d+ consecutive failures\)/);
  assert.match(log, /vllm-b: open -> half-open \(open_period_over/);
  assert.match(log, /vllm-b: half-open -> closed \(probe_succeeded/);
  assert.doesNotMatch(log, /vllm-a:/, "the healthy upstream's breaker never moved");

  // Both models in both modes, as the client saw them in the last frame.
  const last = stdout.slice(stdout.lastIndexOf("OpenAI client, per model and mode"));
  for (const model of ["llama-3-8b", "mistral-7b"]) {
    for (const mode of ["stream", "unary"]) {
      const row = new RegExp(`^${model} +${mode} +(\\d+) +(\\d+) +(\\d+|-) +(\\d+|-)`, "m").exec(last);
      assert.ok(row, `no client row for ${model} ${mode}`);
      assert.ok(Number(row[1]) > 0, `${model} ${mode}: no answers`);
      assert.notEqual(row[4], "-", `${model} ${mode}: no TTFT in the last minute`);
    }
  }
  // It says where the dashboards are, and its per-model columns are the LLM inference dashboard's panels with values.
  assert.match(stdout, /Grafana dashboards in \S+grafana\/dashboards .*panels of llmobs-llm-inference/);
  const frameHeader = /^model +req\/s +TTFT p95 ms +tokens\/s +errors %/m;
  assert.match(stdout, frameHeader, "the view shows the dashboard's key panels");
  const panels = stdout.slice([...stdout.matchAll(new RegExp(frameHeader.source, "gm"))].at(-1)!.index);
  assert.match(panels, /^model .*\nllama-3-8b +[0-9.]+ +[0-9]+ +[0-9]+ +[0-9.]+ *$/m, "the healthy model's panels have values");
  // The real node exporter feeds seed 003's infrastructure recording rules.
  const infra = /infrastructure rules from the node exporter: (.*)/.exec(stdout);
  assert.ok(infra, "the demo reports the infrastructure rules");
  for (const record of ["node:cpu_utilization:rate5m", "node:memory_utilization:ratio", "node:disk_utilization:ratio", "network:throughput:rate5m"]) {
    const n = new RegExp(`${record} (\\d+) series`).exec(infra[1]!);
    assert.ok(n && Number(n[1]) > 0, `${record} has no data: ${infra[1]}`);
  }
  const dir = /configs, rules and logs in (\S+) \(removed at exit/.exec(stdout);
  assert.ok(dir, "the demo names its working directory");
  assert.equal(existsSync(dir[1]!), false, "the demo removed its working directory");
});
