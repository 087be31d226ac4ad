import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareLatency, compareThroughput, latencyTable, table, type LatencyRun, type Target, type ThroughputRun } from "./report";
import { summarize } from "./stats";

function run(target: Target, p50: number, p99: number): LatencyRun {
  // 100 samples: p50 is the 50th, p99 the 99th.
  const values = Array.from({ length: 100 }, (_, i) => (i < 50 ? p50 : p99));
  return { mode: "unary", load: "c16", target, latency: summarize(values), errors: 0 };
}

function wrk(target: Target, rps: number, round = 0): ThroughputRun {
  return { mode: "stream", load: "c64", target, round, result: { requestsPerSecond: rps, requests: rps, non2xx: 0, socketErrors: 0 } };
}

describe("compareLatency", () => {
  it("reports each proxy's added latency over direct, and the exporter's added p99 relative to nginx's", () => {
    const [row] = compareLatency([run("direct", 1, 4), run("nginx", 1.2, 5), run("relay", 1.25, 6), run("exporter", 1.5, 7)]);
    assert.ok(row);
    assert.ok(Math.abs(row.nginxAddedP50 - 0.2) < 1e-9);
    assert.equal(row.nginxAddedP99, 1);
    assert.equal(row.relayAddedP50, 0.25);
    assert.equal(row.relayAddedP99, 2);
    assert.equal(row.exporterAddedP50, 0.5);
    assert.equal(row.exporterAddedP99, 3);
    assert.equal(row.addedP99Ratio, 3);
  });

  it("gives no ratio when nginx adds less than hey can resolve", () => {
    const [row] = compareLatency([run("direct", 1, 4), run("nginx", 1, 4.05), run("relay", 1, 4), run("exporter", 1.5, 7)]);
    assert.equal(row?.addedP99Ratio, undefined);
    assert.match(latencyTable([row!]), /n\/a/);
  });

  it("names the run that is missing", () => {
    assert.throws(() => compareLatency([run("direct", 1, 4), run("nginx", 1, 4), run("exporter", 1, 4)]), /no relay run for unary c16/);
  });
});

describe("compareThroughput", () => {
  it("divides the exporter's throughput by nginx's", () => {
    assert.deepEqual(compareThroughput([wrk("direct", 9000), wrk("nginx", 6000), wrk("relay", 7000), wrk("exporter", 3000)]),
      [{ mode: "stream", load: "c64", direct: 9000, nginx: 6000, relay: 7000, exporter: 3000, ratio: 0.5, ratioSpread: 0 }]);
  });

  it("averages each target over the rounds and gives the spread of the per-round ratios", () => {
    const [row] = compareThroughput([
      wrk("direct", 9000, 0), wrk("nginx", 6000, 0), wrk("relay", 7000, 0), wrk("exporter", 3000, 0),
      wrk("direct", 9000, 1), wrk("nginx", 4000, 1), wrk("relay", 7000, 1), wrk("exporter", 2400, 1),
      wrk("direct", 9000, 2), wrk("nginx", 5000, 2), wrk("relay", 7000, 2), wrk("exporter", 2750, 2),
    ]);
    assert.equal(row?.nginx, 5000);
    assert.equal(row?.exporter, 2716.6666666666665);
    // Per-round ratios 0.5, 0.6, 0.55: spread (0.6 - 0.5) / 0.55.
    assert.ok(Math.abs(row!.ratioSpread! - 0.1 / 0.55) < 1e-9);
  });
});

describe("table", () => {
  it("left-aligns the first column, right-aligns the numbers", () => {
    assert.equal(table(["name", "n"], [["a", "1"], ["long", "100"]]), "name    n\n----  ---\na       1\nlong  100");
  });
});
