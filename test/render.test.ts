import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";
import { loadStackConfig } from "../config";
import { dashboardSpecs } from "../dashboards";

const run = promisify(execFile);
const root = join(__dirname, "..");
const STACKS = ["local", "dev", "staging", "prod"] as const;
const DASHBOARD_UIDS = dashboardSpecs(loadStackConfig({ "llmobs:environment": "dev" }).config).map((d) => d.uid);

async function render(stack: string, out: string, extra: string[] = []) {
  return run(process.execPath, ["--import", "tsx", "render/cli.ts", "--stack", stack, "--out", out, ...extra], { cwd: root });
}

// Every bundle and stack file the tests write lives under one directory, removed at the end whatever happened.
const scratch = mkdtempSync(join(tmpdir(), "render-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((p) => [relative(dir, p), readFileSync(p, "utf8")]));
}

for (const stack of STACKS) {
  test(`render ${stack}: complete, byte-identical on a second run, secrets redacted`, async () => {
    const a = mkdtempSync(join(scratch, `${stack}-a-`));
    const b = mkdtempSync(join(scratch, `${stack}-b-`));
    const first = await render(stack, a);
    await render(stack, b);
    assert.match(first.stdout, new RegExp(`stack\\s+${stack}`));
    const one = snapshot(a);
    const two = snapshot(b);
    assert.deepEqual([...one.keys()].sort(), [...two.keys()].sort());
    for (const [path, content] of one) assert.equal(two.get(path), content, `${path} differs between runs`);

    for (const path of ["prometheus/prometheus.yml", "alertmanager/alertmanager.yml", "resources.json"]) {
      assert.ok(one.has(path), `${path} missing`);
    }
    assert.ok([...one.keys()].some((p) => p.startsWith("prometheus/rules/")), "no rule files");
    // Every stack traces; the clusters also ship logs, with the retention policy rendered for review.
    assert.ok(one.has("jaeger/config.yaml"), "jaeger/config.yaml missing");
    for (const path of ["logging/fluent.conf", "logging/elasticsearch/ilm-policy.json", "logging/elasticsearch/index-template.json"]) {
      assert.equal(one.has(path), stack !== "local", `${path} ${stack === "local" ? "present although logging is off" : "missing"}`);
    }
    // Grafana: every dashboard by uid, and the provisioning the deployed Grafana reads.
    for (const uid of DASHBOARD_UIDS) assert.ok(one.has(`grafana/dashboards/${uid}.json`), `grafana/dashboards/${uid}.json missing`);
    for (const path of ["grafana/provisioning/datasources/datasources.yaml", "grafana/provisioning/dashboards/dashboards.yaml"]) {
      assert.ok(one.has(path), `${path} missing`);
    }
    const platformDir = stack === "local" ? "docker/" : "kubernetes/";
    assert.ok([...one.keys()].some((p) => p.startsWith(platformDir)), `no ${platformDir} definitions`);
    if (stack !== "local") assert.ok(![...one.keys()].some((p) => p.startsWith("docker/")), "Docker containers on a Kubernetes stack");

    const all = [...one.values()].join("\n");
    assert.doesNotMatch(all, /\[(secret|fixture) llmobs:/, "a secret (fixture) value leaked into the bundle");
    // `kubectl apply -f kubernetes/` (not recursive) applies no placeholder Secret; the Secrets sit apart, marked.
    for (const [path, content] of one) {
      if (!path.startsWith("kubernetes/")) continue;
      const isSecret = /^kind: Secret$/m.test(content);
      assert.equal(path.startsWith("kubernetes/secrets/"), isSecret, `${path}: Secrets (and only they) belong in kubernetes/secrets/`);
      if (isSecret) assert.ok(content.startsWith("# PLACEHOLDERS:"), `${path} is not marked as placeholders`);
    }
    for (const [path, content] of one) {
      if (path.endsWith(".yaml") || path.endsWith(".yml")) {
        for (const doc of parseAllDocuments(content)) assert.equal(doc.errors.length, 0, `${path}: ${doc.errors[0]?.message}`);
      }
    }
  });
}

test("render: a bad stack file fails with one line per problem and no stack trace", async () => {
  const dir = mkdtempSync(join(scratch, "bad-"));
  const file = join(dir, "Pulumi.bad.yaml");
  writeFileSync(file, "config:\n  llmobs:environment: prod\n  llmobs:prometheus:\n    replicas: 12\n    retentionTime: forever\n");
  await assert.rejects(render("bad", join(dir, "out"), ["--stack-file", file]), (e: { stderr: string; code: number }) => {
    assert.equal(e.code, 1);
    assert.match(e.stderr, /llmobs:prometheus\.replicas = 12: expected .*\b5\b/);
    assert.match(e.stderr, /llmobs:prometheus\.retentionTime = "forever": expected a duration/);
    assert.doesNotMatch(e.stderr, /^\s+at /m, "stack trace printed");
    return true;
  });
});
