import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { growthExponent, growthTable, roundMs, scaleReport, type ScaleResult } from "./report";

const result = (models: number, factor: number): ScaleResult => ({
  models, instances: 4, headSeries: 250 * models, ruleCpuMsPerRound: 0.5 * models, ruleCpuPairs: [0.5 * models, models], cpuHow: "perf",
  firing: models > 10 ? [{ alert: "HighLatency", series: 3 }] : [],
  groups: [{ group: "llm-recording", ms: factor * 2, metricMs: factor * 2, perRound: 1 }, { group: "slo-recording", ms: 1, metricMs: 1, perRound: 1 }, { group: "baseline", ms: 8, metricMs: 8, perRound: 0.125 }],
  rules: [{ group: "llm-recording", rule: "llm:x", ms: factor * 2 }, { group: "slo-recording", rule: "slo:y", ms: 1 }],
  queries: [{ name: "q", range: "1h", ms: factor }],
});

describe("growthExponent", () => {
  it("is 1 for linear growth, 0 for flat, 2 for quadratic", () => {
    assert.equal(growthExponent({ n: 10, v: 5 }, { n: 100, v: 50 }), 1);
    assert.equal(growthExponent({ n: 10, v: 5 }, { n: 100, v: 5 }), 0);
    assert.ok(Math.abs(growthExponent({ n: 100, v: 1 }, { n: 300, v: 9 })! - 2) < 1e-12);
  });

  it("is undefined when a figure is below the floor", () => {
    assert.equal(growthExponent({ n: 10, v: 0 }, { n: 100, v: 5 }), undefined);
    assert.equal(growthExponent({ n: 10, v: 0.01 }, { n: 100, v: 5 }, 0.05), undefined);
  });
});

describe("growthTable", () => {
  it("prints each figure per size and the exponent between neighbouring sizes", () => {
    const text = growthTable("figure", [10, 100, 300], [{ label: "a", values: [1, 10, 30] }, { label: "b", values: [2, undefined, 4] }], 1);
    assert.match(text, /^figure\s+10 models\s+100 models\s+300 models\s+k 10->100\s+k 100->300$/m);
    assert.match(text, /^a\s+1\.0\s+10\.0\s+30\.0\s+1\.00\s+1\.00$/m);
    assert.match(text, /^b\s+2\.0\s+-\s+4\.0\s+-\s+-$/m);
  });
});

describe("scaleReport", () => {
  it("sums groups into the round (a group with a longer interval for its share of rounds), and shows totals, groups, top rules and queries across sizes", () => {
    const results = [result(10, 1), result(100, 10)];
    assert.equal(roundMs(results[1]!), 20 + 1 + 8 / 8);
    const text = scaleReport(results, 1);
    assert.match(text, /^rule evaluation per round, wall \(ms\)\s+4\.0\s+22\.0\s+0\.74$/m);
    assert.match(text, /^rule CPU per round \(ms, perf; smaller of two windows\)\s+5\.0\s+50\.0\s+1\.00$/m);
    assert.match(text, /^alerts firing or pending at 10 models: none$/m);
    assert.match(text, /^alerts firing or pending at 100 models: HighLatency \(3\)$/m);
    assert.match(text, /^head series\s+2500\.0\s+25000\.0\s+1\.00$/m);
    assert.match(text, /^llm-recording\s+2\.00\s+20\.00\s+1\.00$/m);
    assert.match(text, /^baseline \(runs every 8 rounds\)\s+8\.00\s+8\.00\s+0\.00$/m);
    // Top 1 rule at the largest size only.
    assert.match(text, /llm-recording: llm:x/);
    assert.doesNotMatch(text, /slo-recording: slo:y/);
    assert.match(text, /^q \[1h\]\s+1\.0\s+10\.0\s+1\.00$/m);
  });
});
