import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAlert, ruleGroups } from "..";
import { VARIANTS, type Variant } from "./configs";
import { runCases, type AlertCase } from "./harness";
import { ALL_CASES } from "./cases";

function variantOf(c: AlertCase): Variant {
  return c.variant ?? "default";
}

describe("promtool test rules: every alert fires on bad series and stays silent on healthy ones", () => {
  for (const variant of Object.keys(VARIANTS) as Variant[]) {
    const cases = ALL_CASES.filter((c) => variantOf(c) === variant && !c.annotations);
    it(`${variant} config: ${cases.length} cases pass`, async () => {
      const r = await runCases(VARIANTS[variant](), cases, false);
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /SUCCESS/);
    });
  }

  it("cases with exact annotations (templating, runbook_url) pass on the unmodified rule files", async () => {
    const cases = ALL_CASES.filter((c) => c.annotations);
    assert.ok(cases.length >= 5);
    const r = await runCases(VARIANTS.default(), cases, true);
    assert.equal(r.code, 0, r.output);
  });

  it("every alert of the default config has a firing case and a silent case", () => {
    const alerts = ruleGroups(VARIANTS.default()).flatMap((g) => g.rules.filter(isAlert).map((r) => r.alert));
    const defaults = ALL_CASES.filter((c) => variantOf(c) === "default");
    const missing = alerts.flatMap((a) => {
      const mine = defaults.filter((c) => c.alert === a);
      return [
        ...(mine.some((c) => c.fires.length > 0) ? [] : [`${a}: no firing case`]),
        ...(mine.some((c) => c.fires.length === 0) ? [] : [`${a}: no silent case`]),
      ];
    });
    assert.deepEqual(missing, []);
  });

  it("the harness can fail: a wrong expectation makes promtool exit non-zero and name the case", async () => {
    const wrong = ALL_CASES.find((c) => c.alert === "HighErrorRate" && c.fires.length > 0)!;
    const r = await runCases(VARIANTS.default(), [{ ...wrong, name: "deliberately wrong", fires: [] }], false);
    assert.notEqual(r.code, 0);
    assert.match(r.output, /deliberately wrong/);
  });
});
