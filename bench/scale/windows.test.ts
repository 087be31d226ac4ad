import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reachOf } from "./windows";

describe("reachOf", () => {
  it("takes each series' longest range selector, offsets included, and skips instant selectors", () => {
    const reach = reachOf([
      'sum(rate(a{x="1"}[5m])) / sum(rate(a[1d]))',
      "max_over_time(b[1h] offset 30m) unless max_over_time(b[30m])",
      "histogram_quantile(0.95, c) > d",
    ]);
    assert.deepEqual(Object.fromEntries(reach), { a: 86_400, b: 5_400 });
  });

  it("adds a range query's span to every selector, and merges into an existing map", () => {
    const reach = reachOf(["a[1d]"]);
    reachOf(["c + rate(a[1m])"], 3_600, reach);
    assert.deepEqual(Object.fromEntries(reach), { a: 86_400, c: 3_600 });
    assert.equal(reachOf(["rate(e[1m])"], 3_600).get("e"), 3_660);
  });
});
