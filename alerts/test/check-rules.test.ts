import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ENVIRONMENTS, type StackConfig } from "../../config";
import { ruleFiles } from "..";
import { VARIANTS, configFor } from "./configs";
import { promtool } from "./harness";

async function checkRules(config: StackConfig): Promise<{ code: number | null; output: string; files: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-check-"));
  try {
    const files = ruleFiles(config);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return { ...(await promtool(["check", "rules", ...Object.keys(files)], dir)), files: Object.keys(files) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("promtool check rules on the rendered rule files", () => {
  for (const env of ENVIRONMENTS) {
    it(`${env} stack`, async () => {
      const r = await checkRules(configFor(env));
      assert.equal(r.code, 0, r.output);
      assert.deepEqual(r.files, ["llm-recording.yml", "llm-alerts.yml", "siem-alerts.yml", "infrastructure.yml", "applications.yml", "slo.yml", "anomaly.yml"]);
    });
  }
  it("stack with model overrides and disabled alerts", async () => {
    const r = await checkRules(VARIANTS.overrides());
    assert.equal(r.code, 0, r.output);
  });
  it("stack with preallocated GPU memory", async () => {
    const r = await checkRules(VARIANTS.preallocated());
    assert.equal(r.code, 0, r.output);
  });
  it("promtool rejects a broken rule file (the check can fail)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llmobs-check-"));
    try {
      writeFileSync(join(dir, "bad.yml"), "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: rate(x[5m]\n");
      const r = await promtool(["check", "rules", "bad.yml"], dir);
      assert.notEqual(r.code, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
