import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { EXPORTER_RUNTIME_METRICS } from "../../catalog";
import { startSimulator } from "../simulator/server";
import { exporterHelp } from "../src/config";

const MAIN = join(__dirname, "..", "src", "main.ts");
const baseEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" };

test("a bad setting exits 2 with one line naming it, and the usage", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", MAIN, "--upstream", "http://127.0.0.1:1", "--port", "http"], { encoding: "utf8", env: baseEnv });
  assert.equal(r.status, 2);
  const [first, ...rest] = r.stderr.trim().split("\n");
  assert.equal(first, 'llm-exporter: --port = "http": expected an integer 0-65535');
  assert.match(rest.join("\n"), /^usage:/);
});

test("--help prints every setting and exits 0 without needing an upstream", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", MAIN, "--help"], { encoding: "utf8", env: baseEnv });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${exporterHelp()}\n`);
});

test("the CLI proxies, logs JSON lines without prompt text, writes the audit log, stops cleanly on SIGTERM; export-audit exports it", async () => {
  const sim = await startSimulator();
  const auditDir = mkdtempSync(join(tmpdir(), "llmobs-audit-"));
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "--upstream", sim.url, "--port", "0", "--host", "127.0.0.1"], {
    env: { ...baseEnv, AUDIT_ENABLED: "true", AUDIT_LOG_DIR: auditDir, LLMOBS_BACKEND_SCRAPE_INTERVAL_MS: "60000", NVIDIA_SMI_PATH: "/nonexistent/nvidia-smi" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: Record<string, unknown>[] = [];
  const next = (pred: (l: Record<string, unknown>) => boolean) => new Promise<Record<string, unknown>>((resolve) => {
    const hit = lines.find(pred);
    if (hit) return resolve(hit);
    const check = () => {
      const l = lines.find(pred);
      if (l) {
        rl.off("line", check);
        resolve(l);
      }
    };
    rl.on("line", check);
  });
  const rl = createInterface({ input: child.stdout });
  rl.on("line", (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  try {
    const port = (await next((l) => l.msg === "exporter listening")).port as number;
    const r = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: "POST", body: JSON.stringify({ model: "sim-model", messages: [{ role: "user", content: "top-secret-prompt" }] }),
    });
    assert.equal(r.status, 200);
    const request = await next((l) => l.msg === "request");
    assert.equal(request.model, "sim-model");
    assert.equal(request.status, 200);
    // The process's runtime metrics the catalog lists (alerts read them) sit next to the exporter's own, each with a value.
    const metricsText = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const { name } of Object.values(EXPORTER_RUNTIME_METRICS)) assert.match(metricsText, new RegExp(`^${name} [0-9.e+-]+$`, "m"), name);
    assert.match(metricsText, /^nodejs_heap_size_used_bytes [0-9.e+-]+$/m, "and the rest of prom-client's standard set");
    assert.match(metricsText, /^llm_inference_requests_total\{model_id="sim-model"\} 1$/m);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    assert.ok(!JSON.stringify(lines).includes("top-secret-prompt"));
    const audit = readFileSync(join(auditDir, "audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.action, "llm_call");
    assert.equal(audit[0]?.resource, "/v1/chat/completions");
    const out = join(auditDir, "siem.jsonl");
    const exported = spawnSync(process.execPath, ["--import", "tsx", MAIN, "export-audit", "--since", "7d", "--dir", auditDir, "--out", out], { encoding: "utf8", env: baseEnv });
    assert.equal(exported.status, 0, exported.stderr);
    assert.deepEqual(readFileSync(out, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { request_id: string }).request_id), [audit[0]?.request_id]);
  } finally {
    child.kill();
    await sim.close();
    rmSync(auditDir, { recursive: true, force: true });
  }
});
