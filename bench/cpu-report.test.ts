import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CpuRun, Proxy } from "./cpu-cost";
import { compareCpu, cpuTable } from "./cpu-report";

const run = (target: Proxy, round: number, cpuMs: number, instructions?: number): CpuRun =>
  ({ mode: "unary", target, round, requests: 1000, errors: 0, cpuMs, how: "perf", ...(instructions === undefined ? {} : { instructions }) });

describe("compareCpu", () => {
  const runs = [
    run("nginx", 0, 50), run("exporter", 0, 200), run("relay", 0, 100),
    run("nginx", 1, 40), run("exporter", 1, 180), run("relay", 1, 100),
    run("nginx", 2, 50), run("exporter", 2, 225), run("relay", 2, 100),
  ];

  it("gives the median CPU per request, its spread, and the exporter's multiple per round", () => {
    const rows = compareCpu(runs);
    const nginx = rows.find((r) => r.target === "nginx")!;
    assert.equal(nginx.usPerRequest, 50);
    assert.equal(nginx.spread, 10 / 50);
    // Per-round exporter/nginx: 4, 4.5, 4.5.
    assert.equal(nginx.exporterRatio, 4.5);
    assert.equal(nginx.exporterRatioSpread, 0.5 / 4.5);
    const exporter = rows.find((r) => r.target === "exporter")!;
    assert.equal(exporter.usPerRequest, 200);
    assert.equal(exporter.exporterRatio, undefined);
    assert.equal(exporter.instructionsPerRequest, undefined);
  });

  it("compares instructions, not CPU time, when every run counted them (callgrind: no CPU figure)", () => {
    const counted = [
      run("nginx", 0, Number.NaN, 1_000_000), run("exporter", 0, Number.NaN, 5_000_000),
      run("nginx", 1, Number.NaN, 1_000_000), run("exporter", 1, Number.NaN, 5_500_000),
      run("nginx", 2, Number.NaN, 1_000_000), run("exporter", 2, Number.NaN, 6_000_000),
    ];
    const rows = compareCpu(counted);
    const nginx = rows.find((r) => r.target === "nginx")!;
    assert.equal(nginx.exporterRatio, 5.5);
    assert.equal(nginx.exporterRatioSpread, 1 / 5.5);
    const exporter = rows.find((r) => r.target === "exporter")!;
    assert.equal(exporter.spread, 1000 / 5500);
    assert.match(cpuTable(rows, "callgrind"), /unary exporter\s+n\/a\s+18\.2 %\s+5500/);
  });

  it("reports instructions per request when perf counted them", () => {
    const [row] = compareCpu([run("exporter", 0, 200, 3_000_000), run("exporter", 1, 200, 5_000_000), run("exporter", 2, 200, 4_000_000)]);
    assert.equal(row?.instructionsPerRequest, 4000);
    // The spread is then of the instructions too.
    assert.match(cpuTable([row!], "perf"), /unary exporter\s+200\.0\s+50\.0 %\s+4000/);
  });
});
