import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = join(__dirname, "..");

/** A real git repository holding this project's files, its dependencies linked, with one commit. */
function projectRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-diff-repo-"));
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    try {
      copyFileSync(join(root, f), join(dir, f));
    } catch {
      // A file deleted in the working tree but still in the index.
    }
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd: dir, stdio: "pipe" });
  git("init", "--quiet", "--initial-branch=main");
  git("add", "--all");
  git("commit", "--quiet", "-m", "base");
  return dir;
}

test("npm run diff shows a one-line alert threshold change as exactly that line, in each file that carries it", async () => {
  const repo = projectRepo();
  try {
    const stackFile = join(repo, "stacks", "Pulumi.local.yaml");
    const text = readFileSync(stackFile, "utf8");
    assert.match(text, /  llmobs:alerts:\n/);
    writeFileSync(stackFile, text.replace("  llmobs:alerts:\n", "  llmobs:alerts:\n    thresholds:\n      errorRateCritical: 0.15\n"));
    execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "-am", "raise the critical error rate"], { cwd: repo });

    const { stdout } = await run(process.execPath, ["--import", "tsx", "render/diff.ts", "--stack", "local", "--base", "HEAD~1"], { cwd: repo });
    assert.match(stdout, /^stack local: bundle at HEAD~1 \([0-9a-f]{12}\) -> working tree\n/);
    const changed = stdout.split("\n").filter((l) => l.startsWith("=== "));
    // The rules and the dashboard panels that draw the same threshold (Grafana reads it from the same config key).
    assert.deepEqual(changed, [
      "=== changed: Docker container llmobs-prometheus (docker/container-llmobs-prometheus.yaml)",
      "=== changed: grafana/dashboards/llmobs-llm-inference.json",
      "=== changed: grafana/dashboards/llmobs-siem.json",
      "=== changed: grafana/dashboards/llmobs-sla.json",
      "=== changed: prometheus/rules/llm-alerts.yml",
    ]);
    const edits = stdout.split("\n").filter((l) => /^[+-](?![+-])/.test(l)).map((l) => `${l[0]}${l.slice(1).trim()}`);
    assert.equal(edits.filter((e) => e.includes("llm:error_ratio:rate5m")).join(" | "),
      ["-llm:error_ratio:rate5m > 0.1", "+llm:error_ratio:rate5m > 0.15", "-llm:error_ratio:rate5m > 0.1", "+llm:error_ratio:rate5m > 0.15"].join(" | "));
    // The dashboards change only where they draw or describe that threshold: a step value, a description.
    const others = edits.filter((e) => !e.includes("llm:error_ratio:rate5m"));
    assert.ok(others.length > 0 && others.every((e) => /^[+-]"(value|description)": /.test(e)), others.join("\n"));
    assert.equal(others.filter((e) => e.startsWith("-")).length, others.filter((e) => e.startsWith("+")).length);
    assert.match(stdout, /5 file\(s\) changed\n$/);

    const same = await run(process.execPath, ["--import", "tsx", "render/diff.ts", "--stack", "local"], { cwd: repo });
    assert.match(same.stdout, /bundle at HEAD .* -> working tree\nno changes\n$/);
    assert.equal(execFileSync("git", ["worktree", "list"], { cwd: repo, encoding: "utf8" }).trim().split("\n").length, 1, "the temporary worktree is removed");
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test("diff names Kubernetes objects by kind and name, Docker resources by type and name", () => {
  const { describeFile } = require("./diff") as typeof import("./diff");
  assert.equal(describeFile("kubernetes/07-configmap-prometheus-rules.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prometheus-rules\n"), "Kubernetes ConfigMap prometheus-rules (kubernetes/07-configmap-prometheus-rules.yaml)");
  assert.equal(describeFile("kubernetes/07-configmap-x.yaml", "kind: ConfigMap\nmetadata: {}\n"), "Kubernetes ConfigMap (auto-named) (kubernetes/07-configmap-x.yaml)");
  assert.equal(describeFile("docker/volume-llmobs-prometheus-data.yaml", "name: x\n"), "Docker volume llmobs-prometheus-data (docker/volume-llmobs-prometheus-data.yaml)");
  assert.equal(describeFile("alertmanager/alertmanager.yml", "route: {}\n"), "alertmanager/alertmanager.yml");
});
