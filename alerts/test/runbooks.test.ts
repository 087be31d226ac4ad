import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { environmentDefaults } from "../../config";
import { isAlert, renderRunbooks, ruleGroups } from "..";

const committed = () => readFileSync(join(__dirname, "..", "..", "docs", "runbooks.md"), "utf8");

describe("docs/runbooks.md", () => {
  it("equals the file generated from the alert definitions (regenerate: npx tsx alerts/write-runbooks.ts)", () => {
    assert.equal(committed(), renderRunbooks());
  });

  it("has a section, whose heading anchor is the runbook_url fragment, for every alert", () => {
    const text = committed();
    const alerts = ruleGroups(environmentDefaults("prod")).flatMap((g) => g.rules.filter(isAlert));
    for (const a of alerts) {
      assert.ok(text.includes(`\n## ${a.alert}\n`), a.alert);
      assert.ok(text.includes(`](#${a.alert.toLowerCase()})`), a.alert);
      assert.ok(a.runbook.checks.length > 0 && a.runbook.fixes.length > 0, a.alert);
    }
  });
});
