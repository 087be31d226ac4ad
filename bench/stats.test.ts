import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { percentile, summarize } from "./stats";

describe("percentile (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it("returns a value some request actually had", () => {
    assert.equal(percentile(hundred, 0.5), 50);
    assert.equal(percentile(hundred, 0.99), 99);
    assert.equal(percentile(hundred, 1), 100);
    assert.equal(percentile(hundred, 0), 1);
    assert.equal(percentile([1, 2, 3, 4], 0.5), 2);
    assert.equal(percentile([1, 2, 3, 4], 0.51), 3);
    assert.equal(percentile([7], 0.99), 7);
  });

  it("rejects no values and a quantile outside 0..1", () => {
    assert.throws(() => percentile([], 0.5), /no values/);
    assert.throws(() => percentile([1], 1.5), /q = 1.5: expected 0..1/);
    assert.throws(() => percentile([1], Number.NaN), /expected 0..1/);
  });
});

describe("summarize", () => {
  it("sorts before ranking and reports count, max and mean", () => {
    const s = summarize([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);
    assert.deepEqual(s, { count: 10, p50: 5, p90: 9, p99: 10, max: 10, mean: 5.5 });
  });
});
