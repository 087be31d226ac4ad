// .github/workflows/preview.yml, checked by the real actionlint (github.com/rhysd/actionlint, built by .ci/run)
// and for what it must do: preview every stack with its policy config, deploy dev from main behind approval.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

const root = join(__dirname, "..");
const workflowPath = join(root, ".github", "workflows", "preview.yml");
const actionlint = process.env.ACTIONLINT ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "llm-observability", "bin", "actionlint");

function lint(file: string): { status: number | null; out: string } {
  assert.ok(
    existsSync(actionlint),
    `actionlint not found at ${actionlint}: build it with GOBIN=${join(actionlint, "..")} go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.7 (bash .ci/run does), or set ACTIONLINT`,
  );
  const r = spawnSync(actionlint, ["-no-color", file], { encoding: "utf8", cwd: root });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test("preview.yml passes actionlint, and actionlint does catch a broken copy", () => {
  const ok = lint(workflowPath);
  assert.equal(ok.status, 0, ok.out);
  const dir = mkdtempSync(join(tmpdir(), "llmobs-workflow-"));
  try {
    const broken = join(dir, "preview.yml");
    writeFileSync(broken, readFileSync(workflowPath, "utf8").replace("policies/config/${{ matrix.stack }}.json", "policies/config/${{ matrix.stak }}.json"));
    const bad = lint(broken);
    assert.equal(bad.status, 1, bad.out);
    assert.match(bad.out, /property "stak" is not defined/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

type Obj = Record<string, any>;
const workflow = parse(readFileSync(workflowPath, "utf8")) as Obj;
const pulumiStep = (job: Obj) => (job.steps as Obj[]).find((s) => String(s.uses).startsWith("pulumi/actions@"))!;
const stacks = readdirSync(join(root, "stacks")).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter(Boolean).sort();

test("pull requests: every stack previewed with --diff, the policy pack and that stack's policy config, commented on the PR", () => {
  assert.ok(workflow.on.pull_request, "runs on pull requests");
  const preview = workflow.jobs.preview as Obj;
  assert.deepEqual([...preview.strategy.matrix.stack].sort(), stacks);
  const step = pulumiStep(preview);
  assert.equal(step.with.command, "preview");
  assert.equal(step.with.diff, true);
  assert.equal(step.with["comment-on-pr"], true);
  assert.equal(step.with.policyPacks, "policies");
  assert.equal(step.with.policyPackConfigs, "policies/config/${{ matrix.stack }}.json");
  for (const s of stacks) assert.ok(existsSync(join(root, "policies", "config", `${s}.json`)), `policies/config/${s}.json`);
  // The pack's own dependencies are installed before the CLI loads it.
  assert.ok((preview.steps as Obj[]).some((s) => s["working-directory"] === "policies" && /npm ci/.test(s.run)));
  const checks = workflow.jobs["policy-and-diff"] as Obj;
  const runs = (checks.steps as Obj[]).map((s) => String(s.run ?? "")).join("\n");
  assert.match(runs, /npm run policy -- --stack "\$\{\{ matrix\.stack \}\}"/);
  assert.match(runs, /npm run --silent diff -- --stack "\$\{STACK\}" --base "origin\/\$\{BASE_REF\}"/);
});

test("main: pulumi up on dev only, in the protected dev environment", () => {
  const deploy = workflow.jobs["deploy-dev"] as Obj;
  assert.equal(deploy.environment, "dev");
  assert.match(deploy.if, /github\.event_name == 'push' && github\.ref == 'refs\/heads\/main'/);
  const step = pulumiStep(deploy);
  assert.equal(step.with.command, "up");
  assert.match(step.with["stack-name"], /\/dev$/);
  assert.equal(step.with.policyPackConfigs, "policies/config/dev.json");
  const ups = Object.values(workflow.jobs as Obj).filter((j) => pulumiStep(j as Obj)?.with.command === "up");
  assert.equal(ups.length, 1, "only dev is deployed by the workflow");
});

test("every workflow in .github/workflows passes actionlint (release.yml publishes the default exporter image)", () => {
  const dir = join(root, ".github", "workflows");
  const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));
  assert.ok(files.includes("release.yml") && files.includes("preview.yml"), files.join(", "));
  for (const f of files) {
    const r = lint(join(dir, f));
    assert.equal(r.status, 0, `${f}: ${r.out}`);
  }
});
