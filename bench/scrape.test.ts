import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { renderCost, renderCostInChild, scrapeRepeatedly } from "./scrape";

describe("renderCost", () => {
  it("renders at least the series asked for with the exporter's renderer", async () => {
    const cost = await renderCost(1000, 2);
    assert.equal(cost.requested, 1000);
    assert.ok(cost.series >= 1000 && cost.series < 1100, `${cost.series} series`);
    assert.ok(cost.bytes > cost.series * 20);
    assert.ok(cost.renderMs >= 0 && cost.loopLagMaxMs >= 0);
  });
});

describe("renderCostInChild", () => {
  it("measures in a fresh process and returns the same shape", async () => {
    const cost = await renderCostInChild(100, 1);
    assert.equal(cost.requested, 100);
    assert.ok(cost.series >= 100 && cost.series < 200, `${cost.series} series`);
    assert.ok(cost.renderMs >= 0 && cost.loopLagMaxMs >= 0);
  });
});

describe("scrapeRepeatedly", () => {
  it("times every scrape and counts failures apart", async () => {
    let n = 0;
    const server = createServer((_req, res) => {
      n++;
      res.writeHead(n % 2 === 0 ? 500 : 200).end("m 1\n");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const scraper = scrapeRepeatedly(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, 1);
      while (n < 6) await new Promise((r) => setTimeout(r, 5));
      const s = await scraper.stop();
      assert.equal(s.times.length + s.failures, n);
      assert.ok(s.failures >= 3 && s.times.length >= 3);
      assert.ok(s.times.every((t) => t >= 0 && Number.isFinite(t)));
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
