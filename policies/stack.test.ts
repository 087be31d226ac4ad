// `npm run policy` over the real stacks: all four pass, and deliberately broken ones are rejected with the
// expected message, whether the break comes from a stack config or from a hand edit of a rendered resource.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RecordedResource } from "./local-engine";

const run = promisify(execFile);
const root = join(__dirname, "..");
const tsx = (script: string, args: string[]) => run(process.execPath, ["--import", "tsx", script, ...args], { cwd: root });
const policy = (args: string[]) => tsx("policies/cli.ts", args);

/** Runs the policy CLI expecting a mandatory failure; returns its stdout. */
async function rejected(args: string[]): Promise<string> {
  try {
    await policy(args);
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    assert.equal(err.code, 1, `expected exit 1 (mandatory violation), got ${err.code}: ${err.stderr}`);
    return err.stdout;
  }
  assert.fail("the policy run passed");
}

for (const stack of ["local", "dev", "staging", "prod"]) {
  test(`npm run policy -- --stack ${stack}: the committed stack passes its environment's policies`, async () => {
    const { stdout } = await policy(["--stack", stack]);
    assert.match(stdout, new RegExp(`llm-observability on stack ${stack}: \\d+ violation\\(s\\), 0 mandatory`));
    assert.match(stdout, /13 policies over \d+ resources/);
  });
}

test("a prod stack file with 7 days of retention is rejected (mandatory in prod)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-policy-stackfile-"));
  try {
    const file = join(dir, "Pulumi.prod.yaml");
    const text = readFileSync(join(root, "stacks", "Pulumi.prod.yaml"), "utf8");
    assert.match(text, /retentionTime: 30d/);
    writeFileSync(file, text.replace("retentionTime: 30d", "retentionTime: 7d"));
    const out = await rejected(["--stack", "prod", "--stack-file", file]);
    assert.match(out, /\[mandatory\] prometheus-retention  kubernetes:apps\/v1:StatefulSet::\S+\n {4}StatefulSet prometheus: spec\.template\.spec\.containers\[0\]\.args --storage\.tsdb\.retention\.time = "7d": outside this environment's bounds of 15d to 90d\. Fix: set llmobs:prometheus\.retentionTime between 15d and 90d/);
    assert.match(out, /1 violation\(s\), 1 mandatory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

type Obj = Record<string, any>;
const edits: Array<{ name: string; edit: (r: RecordedResource) => void; expect: RegExp }> = [
  {
    name: "a hand-edited Prometheus retention",
    edit: (r) => {
      if (r.inputs.kind !== "StatefulSet" || (r.inputs.metadata as Obj).name !== "prometheus") return;
      const c = (r.inputs.spec as Obj).template.spec.containers[0];
      c.args = (c.args as string[]).map((a) => (a.startsWith("--storage.tsdb.retention.time=") ? "--storage.tsdb.retention.time=365d" : a));
    },
    expect: /\[mandatory\] prometheus-retention .*\n.*retention\.time = "365d": outside this environment's bounds of 15d to 90d/,
  },
  {
    name: "a scrape job without limits",
    edit: (r) => {
      const data = r.inputs.data as Obj | undefined;
      if (r.inputs.kind === "ConfigMap" && data?.["prometheus.yml"]) data["prometheus.yml"] = (data["prometheus.yml"] as string).replace(/^ {4}(sample_limit|label_limit): \d+\n/gm, "");
    },
    expect: /\[mandatory\] scrape-limits .*\n.*scrape_configs\[job_name=llm-exporter\]\.sample_limit = \(not set\)/,
  },
  {
    name: "a latest tag",
    edit: (r) => {
      if (r.inputs.kind === "Deployment") (r.inputs.spec as Obj).template.spec.containers[0].image = "ghcr.io/acme-ml/llmobs-exporter:latest";
    },
    expect: /\[mandatory\] pinned-image-tags .*\n.*image = "ghcr\.io\/acme-ml\/llmobs-exporter:latest": the tag latest moves/,
  },
  {
    name: "a password in a ConfigMap",
    edit: (r) => {
      const data = r.inputs.data as Obj | undefined;
      if (r.inputs.kind === "ConfigMap" && data?.LLMOBS_PORT) data.SMTP_PASSWORD = "correct horse battery staple";
    },
    expect: /\[mandatory\] no-plaintext-secrets .*\n.*data\["SMTP_PASSWORD"\] = "\[redacted\]": the key SMTP_PASSWORD names a credential/,
  },
];

test("hand edits of the rendered prod resources (what a transform would do) are rejected with the expected message", async () => {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-policy-edits-"));
  try {
    await tsx("render/cli.ts", ["--stack", "prod", "--out", join(dir, "base")]);
    const base = readFileSync(join(dir, "base", "resources.json"), "utf8");
    for (const e of edits) {
      const resources = JSON.parse(base) as RecordedResource[];
      resources.forEach(e.edit);
      const bundle = join(dir, e.name.replace(/\W+/g, "-"));
      mkdirSync(bundle);
      writeFileSync(join(bundle, "resources.json"), JSON.stringify(resources));
      assert.match(await rejected(["--stack", "prod", "--bundle", bundle]), e.expect, e.name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
