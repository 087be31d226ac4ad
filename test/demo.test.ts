import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

// End to end with real servers on loopback: the local stack's rendered prometheus.yml, rules and alertmanager.yml
// run in the Debian prometheus/alertmanager binaries, scraping the exporter in front of two simulated backends.
// The demo exits non-zero unless stopping one backend fires CriticalErrorRate and CircuitBreakerOpen and
// Alertmanager delivers a notification to the webhook receiver.
test("demo: an injected backend outage fires the expected alerts through real Prometheus and Alertmanager", { timeout: 180_000 }, async () => {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "demo/run.ts", "--duration", "60", "--plain"], {
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
  // The real node exporter feeds seed 003's infrastructure recording rules.
  const infra = /infrastructure rules from the node exporter: (.*)/.exec(stdout);
  assert.ok(infra, "the demo reports the infrastructure rules");
  for (const record of ["node:cpu_utilization:rate5m", "node:memory_utilization:ratio", "node:disk_utilization:ratio", "network:throughput:rate5m"]) {
    const n = new RegExp(`${record} (\\d+) series`).exec(infra[1]!);
    assert.ok(n && Number(n[1]) > 0, `${record} has no data: ${infra[1]}`);
  }
});
