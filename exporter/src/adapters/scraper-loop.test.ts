import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { createMetrics } from "../metrics/registry";
import { BackendScrapers, startBackendScrapers } from "./scraper";

const quietLogger = { info: () => undefined, warn: () => undefined };

test("the loop scrapes repeatedly, never overlaps itself, and stop() ends it", async () => {
  let active = 0;
  let maxActive = 0;
  let served = 0;
  const server = createServer((_req, res) => {
    active++;
    maxActive = Math.max(maxActive, active);
    // Slower than the interval: an interval-driven loop would overlap here.
    setTimeout(() => {
      active--;
      served++;
      res.end("tgi_queue_size 1\n");
    }, 15);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scrapers = startBackendScrapers({ upstreams: [{ name: "t", url, backend: "tgi" }], intervalMs: 1, timeoutMs: 5000, metrics: createMetrics(), logger: quietLogger });
  while (served < 4) await sleep(5);
  scrapers.stop();
  const atStop = served;
  await sleep(50);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  assert.equal(maxActive, 1);
  assert.ok(served <= atStop + 1, "at most the scrape in flight at stop() completes");
});

test("a backend that does not answer in time counts as a timeout", async () => {
  const server = createServer(() => undefined);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const metrics = createMetrics();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new BackendScrapers({ upstreams: [{ name: "slow", url, backend: "vllm" }], intervalMs: 1000, timeoutMs: 30, metrics, logger: quietLogger }).scrapeAll();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  assert.deepEqual((await metrics.errorsTotal.get()).values.map((v) => v.labels), [{ error_type: "timeout", component: "adapter" }]);
});
