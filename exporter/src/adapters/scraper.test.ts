import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino, { type Logger } from "pino";
import type { Gauge, Counter } from "prom-client";
import { createMetrics, type ExporterMetrics } from "../metrics/registry";
import { BackendScrapers } from "./scraper";

/** A fake backend on 127.0.0.1 whose answer the test changes between scrapes. */
async function backend(): Promise<{ url: string; paths: string[]; set(status: number, body: string): void; close(): Promise<void> }> {
  let answer = { status: 200, body: "" };
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? "");
    res.writeHead(answer.status).end(answer.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    set: (status, body) => void (answer = { status, body }),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A real pino logger whose lines land in `lines` as "<level> <msg>". */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(`${pino.levels.labels[JSON.parse(line).level]} ${JSON.parse(line).msg}`) });
  return Object.assign(logger, { lines });
}

async function values(metric: Gauge<string> | Counter<string>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of (await metric.get()).values) out[Object.values(v.labels).join(",")] = v.value;
  return out;
}

const vllm = (waiting: number, running: number, preempt: number, queries: number, hits: number): string => `
vllm:num_requests_waiting{model_name="m"} ${waiting}
vllm:num_requests_running{model_name="m"} ${running}
vllm:num_preemptions_total{model_name="m"} ${preempt}
vllm:prefix_cache_queries_total{model_name="m"} ${queries}
vllm:prefix_cache_hits_total{model_name="m"} ${hits}
`;

test("gauges sum across upstreams; counters grow by deltas and survive a backend restart", async () => {
  const [a, b] = [await backend(), await backend()];
  const metrics: ExporterMetrics = createMetrics();
  const logger = recordingLogger();
  const scrapers = new BackendScrapers({
    upstreams: [{ name: "a", url: a.url, backend: "vllm" }, { name: "b", url: b.url, backend: "vllm" }, { name: "cloud", url: "https://api.openai.com", backend: "openai" }],
    intervalMs: 1000, metrics, logger,
  });
  try {
    assert.deepEqual(scrapers.scrapedUpstreams.map((u) => u.name), ["a", "b"]);
    a.set(200, vllm(2, 4, 10, 100, 40));
    b.set(200, vllm(1, 3, 5, 50, 10));
    await scrapers.scrapeAll();
    assert.deepEqual(await values(metrics.schedulerQueueLength), { "": 3 });
    assert.deepEqual(await values(metrics.batchSize), { "": 7 });
    assert.deepEqual(await values(metrics.modelsLoaded), { "": 2 });
    assert.deepEqual(await values(metrics.schedulerPreemptionsTotal), { "": 0 }, "first scrape is a baseline");

    a.set(200, vllm(0, 1, 13, 160, 70));
    b.set(200, vllm(0, 0, 2, 20, 5)); // b restarted
    await scrapers.scrapeAll();
    assert.deepEqual(await values(metrics.schedulerPreemptionsTotal), { "": 3 + 2 });
    assert.deepEqual(await values(metrics.cacheHitsTotal), { prefix: 30 + 5 });
    assert.deepEqual(await values(metrics.cacheMissesTotal), { prefix: 30 + 15 });
    assert.deepEqual(await values(metrics.schedulerQueueLength), { "": 0 });
    assert.deepEqual(logger.lines, ["info backend metrics scrape started", "info backend metrics scrape started"]);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test("failures are counted each time, logged once per state change, and drop the upstream from the gauges", async () => {
  const a = await backend();
  const metrics = createMetrics();
  const logger = recordingLogger();
  const scrapers = new BackendScrapers({ upstreams: [{ name: "a", url: a.url, backend: "llamacpp" }], intervalMs: 1000, metrics, logger });
  try {
    a.set(200, "llamacpp:requests_deferred 4\nllamacpp:requests_processing 2\n");
    await scrapers.scrapeAll();
    assert.deepEqual(await values(metrics.schedulerQueueLength), { "": 4 });
    a.set(500, "oops");
    await scrapers.scrapeAll();
    a.set(200, "<html>not metrics</html>");
    await scrapers.scrapeAll();
    assert.deepEqual(await values(metrics.adapterScrapeErrorsTotal), { "a,llamacpp": 2 });
    assert.deepEqual(await values(metrics.errorsTotal), { "http_status,adapter": 1, "malformed_response,adapter": 1 });
    assert.deepEqual(await values(metrics.schedulerQueueLength), { "": 0 });
    a.set(200, "llamacpp:requests_deferred 1\n");
    await scrapers.scrapeAll();
    assert.deepEqual(logger.lines, ["info backend metrics scrape started", "warn backend metrics scrape failing", "info backend metrics scrape recovered"]);
  } finally {
    await a.close();
  }
});

test("an upstream that is not listening counts as connection_refused", async () => {
  const gone = await backend();
  await gone.close();
  const metrics = createMetrics();
  await new BackendScrapers({ upstreams: [{ name: "g", url: gone.url, backend: "tgi" }], intervalMs: 1000, metrics, logger: recordingLogger() }).scrapeAll();
  assert.deepEqual(await values(metrics.errorsTotal), { "connection_refused,adapter": 1 });
});

test("Ollama model memory follows /api/ps: unloaded models disappear, ids go through modelId", async () => {
  const o = await backend();
  const metrics = createMetrics();
  const scrapers = new BackendScrapers({
    upstreams: [{ name: "o", url: `${o.url}/v1`, backend: "ollama" }], intervalMs: 1000, metrics, logger: recordingLogger(),
    modelId: (m) => m.toUpperCase(),
  });
  try {
    o.set(200, JSON.stringify({ models: [{ name: "a", size_vram: 2 * 1048576 }, { name: "b", size_vram: 1048576 }] }));
    await scrapers.scrapeAll();
    assert.deepEqual(await values(metrics.modelMemoryMb), { A: 2, B: 1 });
    assert.deepEqual(await values(metrics.modelsLoaded), { "": 2 });
    o.set(200, JSON.stringify({ models: [{ name: "b", size_vram: 3 * 1048576 }] }));
    await scrapers.scrapeAll();
    assert.deepEqual(await values(metrics.modelMemoryMb), { B: 3 });
    assert.deepEqual(o.paths, ["/api/ps", "/api/ps"], "scraped at the root despite the /v1 in the upstream URL");
  } finally {
    await o.close();
  }
});

test("bad options are rejected with the offending key", () => {
  const metrics = createMetrics();
  assert.throws(() => new BackendScrapers({ upstreams: [], intervalMs: 0, metrics, logger: recordingLogger() }), /intervalMs = 0/);
  assert.throws(
    () => new BackendScrapers({ upstreams: [{ name: "x", url: "not a url", backend: "tgi" }], intervalMs: 10, metrics, logger: recordingLogger() }),
    /upstream "x": url = "not a url"/,
  );
  assert.throws(
    () => new BackendScrapers({ upstreams: [{ name: "f", url: "ftp://h/", backend: "vllm" }], intervalMs: 10, metrics, logger: recordingLogger() }),
    /upstream "f": url = "ftp:\/\/h\/" is not an absolute http\(s\) URL/,
  );
});
