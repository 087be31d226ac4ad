import { test } from "node:test";
import assert from "node:assert/strict";
import { CounterDeltas } from "./counter-delta";

test("first value is a baseline, then deltas; a drop is a restart counted from zero", () => {
  const d = new CounterDeltas();
  assert.equal(d.delta("a", 100), 0);
  assert.equal(d.delta("a", 130), 30);
  assert.equal(d.delta("a", 130), 0);
  assert.equal(d.delta("a", 4), 4, "backend restarted: 4 new since");
  assert.equal(d.delta("a", 10), 6);
  assert.equal(d.delta("b", 50), 0, "keys are independent");
  assert.equal(d.delta("a", NaN), 0);
  assert.equal(d.delta("a", 12), 2, "a NaN scrape does not disturb the baseline");
});
