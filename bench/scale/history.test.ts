import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openMetricsHistory } from "./history";

describe("openMetricsHistory", () => {
  it("writes each series' samples over its reach, step-aligned, then # EOF", () => {
    const text = [...openMetricsHistory([
      { name: "a_total", labels: { instance: "exporter-0" }, reach: 30, valueAt: (t) => t - 1000 },
      { name: "llm:b:rate5m", labels: {}, reach: 15, valueAt: () => 0.5 },
      { name: "llm:c:rate5m", labels: {}, reach: 60, step: 60, valueAt: () => 2 },
    ], 1_061, 15)].join("");
    assert.equal(text, [
      'a_total{instance="exporter-0"} 20 1020',
      'a_total{instance="exporter-0"} 35 1035',
      'a_total{instance="exporter-0"} 50 1050',
      "llm:b:rate5m 0.5 1035",
      "llm:b:rate5m 0.5 1050",
      "llm:c:rate5m 2 960",
      "llm:c:rate5m 2 1020",
      "# EOF",
      "",
    ].join("\n"));
  });
});
