import { test } from "node:test";
import assert from "node:assert/strict";
import { startSimulator } from "../../simulator";
import { createMetrics } from "../metrics/registry";
import { BackendScrapers } from "./scraper";

const value = async (m: { get(): Promise<{ values: { value: number; labels: object }[] }> }): Promise<number> =>
  (await m.get()).values.reduce((sum, v) => sum + v.value, 0);

test("simulator /metrics -> vLLM adapter -> catalog metrics", async () => {
  const sim = await startSimulator({ maxBatch: 1 });
  const metrics = createMetrics();
  const scrapers = new BackendScrapers({ upstreams: [{ name: "sim", url: sim.url, backend: "vllm" }], intervalMs: 1000, metrics, logger: { info: () => undefined, warn: () => undefined } });
  try {
    await scrapers.scrapeAll();
    const before = sim.stats();
    const chat = (headers: Record<string, string> = {}): Promise<Response> => fetch(`${sim.url}/v1/chat/completions`, {
      method: "POST", headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ model: "sim-model", messages: [{ role: "system", content: "Shared system prompt." }, { role: "user", content: "hi" }] }),
    });
    for (let i = 0; i < 3; i++) await (await chat()).text();
    const hung = [chat({ "x-sim-fault": "hang" }), chat({ "x-sim-fault": "hang" })].map((p) => p.catch(() => undefined));
    while (sim.stats().inFlight < 2) await new Promise((r) => setImmediate(r));

    await scrapers.scrapeAll();
    const after = sim.stats();
    assert.equal(await value(metrics.schedulerQueueLength), 1);
    assert.equal(await value(metrics.batchSize), 1);
    assert.equal(await value(metrics.modelsLoaded), 1);
    assert.equal(after.preemptionsTotal - before.preemptionsTotal, 1, "the second hung request found the batch full");
    assert.equal(await value(metrics.schedulerPreemptionsTotal), 1);
    assert.ok(after.prefixCacheHitsTotal > 0, "the repeated system prompt hit the simulated prefix cache");
    assert.equal(await value(metrics.cacheHitsTotal), after.prefixCacheHitsTotal - before.prefixCacheHitsTotal);
    const missesDelta = (after.prefixCacheQueriesTotal - after.prefixCacheHitsTotal) - (before.prefixCacheQueriesTotal - before.prefixCacheHitsTotal);
    assert.equal(await value(metrics.cacheMissesTotal), missesDelta);
    await sim.close();
    await Promise.all(hung);
  } finally {
    await sim.close();
  }
});
