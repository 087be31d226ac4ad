import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkGoals, checkRuleGoals, goalsTable, GOALS } from "./goals";
import type { ScaleResult } from "./scale/report";
import { RATE_LOADS } from "./measure";
import type { LatencyComparison, ThroughputComparison } from "./report";
import type { RenderCost } from "./scrape";

const load = RATE_LOADS[0].load;
const latency = (exporterAddedP99: number): LatencyComparison => ({
  mode: "unary", load, directP50: 1, directP99: 3, nginxAddedP50: 0.2, nginxAddedP99: 0.4, relayAddedP50: 0.3, relayAddedP99: 0.6, exporterAddedP50: 0.5, exporterAddedP99, addedP99Ratio: undefined,
});
const throughput = (mode: "unary" | "stream", ratio: number): ThroughputComparison => ({ mode, load: "c64 max", direct: 10_000, nginx: 10_000, relay: 10_000, exporter: 10_000 * ratio, ratio, ratioSpread: 0 });
// The wall-time stall is deliberately larger: the goal is checked on CPU time.
const render = (series: number, cpuMaxMs: number): RenderCost => ({ requested: series, series, renderMs: 1, bytes: 1, loopLagMaxMs: cpuMaxMs * 3, cpuMaxMs, cpuMs: cpuMaxMs / 2 });

describe("checkGoals", () => {
  const cases: { name: string; p99: number; ratios: [number, number]; stalls: number[]; missed: RegExp[] }[] = [
    { name: "everything within its goal", p99: 0.9, ratios: [0.85, 0.9], stalls: [0.1, 4], missed: [] },
    { name: "exactly at each limit is met", p99: GOALS.addedP99Ms, ratios: [GOALS.throughputVsNginx, GOALS.throughputVsNginx], stalls: [GOALS.renderStallMs], missed: [] },
    { name: "added p99 above 1 ms", p99: 3.7, ratios: [0.9, 0.9], stalls: [1], missed: [/added p99/] },
    { name: "one mode's throughput below 0.8x", p99: 0.5, ratios: [0.4, 0.9], stalls: [1], missed: [/throughput unary/] },
    { name: "the worst render stall counts, at its series count", p99: 0.5, ratios: [0.9, 0.9], stalls: [0.1, 12.5, 3], missed: [/render stall/] },
  ];
  for (const c of cases) it(c.name, () => {
    const checks = checkGoals([latency(c.p99)], [throughput("unary", c.ratios[0]), throughput("stream", c.ratios[1])], c.stalls.map((s, i) => render(10 ** (i + 2), s)));
    assert.equal(checks.length, 4);
    const missed = checks.filter((g) => !g.met).map((g) => g.goal);
    assert.equal(missed.length, c.missed.length, missed.join("; "));
    for (const m of c.missed) assert.ok(missed.some((g) => m.test(g)), `${m} in ${missed.join("; ")}`);
  });

  it("reports the measured figure and the verdict", () => {
    const text = goalsTable(checkGoals([latency(3.7)], [throughput("unary", 0.4)], [render(100, 0.2), render(10_000, 5.32)]));
    assert.match(text, /exporter added p99, unary c16 @512\/s <= 1 ms\s+3\.70 ms\s+MISSED/);
    assert.match(text, /throughput unary c64 max >= 0\.8x nginx\s+0\.40x\s+MISSED/);
    assert.match(text, /\/metrics render stall \(longest turn, CPU\) <= 10 ms\s+5\.32 ms at 10000 series\s+met/);
  });

  it("a goal without its measurement is an error, not a pass", () => {
    assert.throws(() => checkGoals([], [throughput("unary", 1)], [render(100, 1)]), /no unary c16 @512\/s latency run/);
    assert.throws(() => checkGoals([latency(0.5)], [], [render(100, 1)]), /no throughput run/);
    assert.throws(() => checkGoals([latency(0.5)], [throughput("unary", 1)], []), /no \/metrics render/);
  });
});

describe("checkRuleGoals", () => {
  const scale = (models: number, cpu: number, wall: number): ScaleResult => ({
    models, instances: 4, headSeries: 1, ruleCpuMsPerRound: cpu, ruleCpuPairs: [cpu, cpu + 1], cpuHow: "perf", firing: [], rules: [], queries: [],
    groups: [{ group: "a", ms: wall / 2, metricMs: 0, perRound: 1 }, { group: "b", ms: wall / 2, metricMs: 0, perRound: 1 }],
  });

  it("checks CPU and wall time per round at 100 x 4", () => {
    const checks = checkRuleGoals([scale(10, 5, 10), scale(100, 60, 140)]);
    assert.deepEqual(checks.map((c) => [c.measured, c.met]), [["60.0 ms", true], ["140.0 ms", false]]);
  });

  it("is no verdict when 100 x 4 was not measured", () => {
    const checks = checkRuleGoals([scale(10, 5, 10)]);
    assert.ok(checks.every((c) => !c.met && /not measured \(.* at 10 x 4\)/.test(c.measured)));
  });
});
