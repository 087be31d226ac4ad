import assert from "node:assert/strict";
import { test } from "node:test";
import { Counter, Registry } from "prom-client";
import { MAX_LABEL_LENGTH, ModelLabelGuard, sanitizeLabelValue } from "../src/metrics/labels";

test("sanitizeLabelValue keeps model-name characters, replaces the rest and caps the length", () => {
  assert.equal(sanitizeLabelValue("meta-llama/Llama-3.1-8B-Instruct:q4@v2+x"), "meta-llama/Llama-3.1-8B-Instruct:q4@v2+x");
  assert.equal(sanitizeLabelValue('evil"}\nfoo{bar="1'), "evil___foo_bar__1");
  assert.equal(sanitizeLabelValue("x".repeat(500)).length, MAX_LABEL_LENGTH);
  assert.equal(sanitizeLabelValue("\n\n"), "unknown");
});

test("the guard admits N distinct models, folds the rest into other and counts each folded request", async () => {
  const overflow = new Counter({ name: "overflow_total", help: "h", registers: [new Registry()] });
  const guard = new ModelLabelGuard(2, overflow);
  assert.deepEqual(["a", "b", "c", "a", "d", "c"].map((m) => guard.resolve(m)), ["a", "b", "other", "a", "other", "other"]);
  assert.equal((await overflow.get()).values[0]?.value, 3);
  assert.equal(guard.size, 2);
  assert.throws(() => new ModelLabelGuard(0, overflow), /maxModelIds = 0/);
});
