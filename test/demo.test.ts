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
  assert.match(stdout, /CriticalErrorRate mistral-7b/);
  assert.match(stdout, /vllm-b=OPEN/);
  assert.doesNotMatch(stdout, /CriticalErrorRate llama-3-8b/, "the healthy model must not alert");
});
