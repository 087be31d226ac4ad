import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { after, before, test } from "node:test";
import OpenAI from "openai";
import { startSimulator, type SimulatorHandle } from "../simulator/server";
import type { ExporterHandle } from "../src/server";
import { startExporter } from "../src/server";
import { FIRST_TOKEN_BUCKETS_MS } from "../../catalog";
import { captureLogger, exporterFor, histogramOf, valueOf } from "./helpers/harness";
import { rawUpstream } from "./helpers/raw-upstreams";

/** The `le` of the TTFT bucket a value falls in. */
const bucketOf = (ms: number) => String(FIRST_TOKEN_BUCKETS_MS.find((b) => ms <= b) ?? "+Inf");

// Proxy measurements end to end: the official OpenAI client -> exporter -> simulator, exact metric values.
const SECRET_PROMPT = "zebra-violin-4417";
const messages = [{ role: "user" as const, content: `say something about ${SECRET_PROMPT}` }];

let sim: SimulatorHandle;
let exporter: ExporterHandle;
let log: ReturnType<typeof captureLogger>;
let client: OpenAI;

before(async () => {
  // Unary answers wait ttft too, so both modes land in the (100, 150] ms TTFT bucket.
  sim = await startSimulator({ ttftMs: 110, tpotMs: 0, completionTokens: 16, models: ["sim-model", "tpot-model"] });
  ({ exporter, log } = await exporterFor(sim.url));
  client = new OpenAI({ baseURL: `${exporter.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
after(async () => {
  await exporter.close();
  await sim.close();
});

test("non-streaming chat: one request, exact token counts from usage, TTFT = full response time in the right bucket", async () => {
  const t0 = performance.now();
  const r = await client.chat.completions.create({ model: "sim-model", messages });
  const clientMs = performance.now() - t0;
  const m = exporter.metrics;
  const labels = { model_id: "sim-model" };
  assert.equal(r.usage?.completion_tokens, 16);
  assert.equal(await valueOf(m.requestsTotal, labels), 1);
  assert.equal(await valueOf(m.tokensGeneratedTotal, labels), 16);
  assert.equal(await valueOf(m.promptTokensTotal, labels), r.usage?.prompt_tokens);
  const ttft = await histogramOf(m.firstTokenLatencyMs, labels);
  assert.equal(ttft.count, 1);
  // The simulator cannot answer before its 110 ms, the client saw the answer after clientMs: the TTFT lies between,
  // and the one observation sits in the bucket of its value ((100, 150] unless the machine is very busy).
  assert.ok(ttft.sum >= 110 && ttft.sum <= clientMs, `TTFT ${ttft.sum} ms outside [110, ${clientMs}]`);
  assert.equal(ttft.buckets.get(bucketOf(ttft.sum)), 1);
  assert.equal(bucketOf(110), "150");
  assert.equal((await histogramOf(m.durationMs, labels)).count, 1);
  assert.equal((await histogramOf(m.perTokenLatencyMs, labels)).count, 0, "no per-token latency without a stream");
  assert.equal(await valueOf(m.requestsByStatusTotal, { ...labels, endpoint: "/v1/chat/completions", status: "2xx", mode: "unary" }), 1);
  assert.equal(await valueOf(m.concurrentRequests), 0);
});

test("streaming chat without include_usage: the client sees no usage event, the proxy still counts exact tokens", async () => {
  const reference = await client.chat.completions.create({ model: "tpot-model", messages });
  const before = await valueOf(exporter.metrics.promptTokensTotal, { model_id: "tpot-model" });
  const stream = await client.chat.completions.create({ model: "tpot-model", messages, stream: true });
  let text = "";
  let sawUsage = false;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? "";
    if (chunk.usage) sawUsage = true;
    assert.equal("usage" in chunk, false, "no usage field the client did not ask for");
  }
  assert.equal(sawUsage, false);
  assert.ok(text.length > 0);
  const m = exporter.metrics, labels = { model_id: "tpot-model" };
  assert.equal(await valueOf(m.tokensGeneratedTotal, labels), 32);
  assert.equal(await valueOf(m.promptTokensTotal, labels) - before, reference.usage?.prompt_tokens);
  const ttft = await histogramOf(m.firstTokenLatencyMs, labels);
  assert.equal(ttft.count, 2);
  assert.ok(ttft.sum >= 220, "both TTFTs include the simulator's 110 ms");
  assert.equal((await histogramOf(m.perTokenLatencyMs, labels)).count, 1);
  assert.equal(await valueOf(m.requestsByStatusTotal, { ...labels, status: "2xx", mode: "stream" }), 1);
  assert.equal(await valueOf(m.concurrentRequests), 0);
});

test("streaming with include_usage passes the usage event through", async () => {
  const stream = await client.chat.completions.create({ model: "sim-model", messages, stream: true, stream_options: { include_usage: true } });
  const usage = [];
  for await (const chunk of stream) if (chunk.usage) usage.push(chunk.usage);
  assert.equal(usage.length, 1);
  assert.equal(usage[0]?.completion_tokens, 16);
});

test("a stream whose upstream omits usage is counted from its content chunks", async () => {
  const stream = await client.chat.completions.create({ model: "fault-omit-usage", messages, stream: true });
  let chunks = 0;
  for await (const c of stream) if (c.choices[0]?.delta.content) chunks++;
  assert.equal(await valueOf(exporter.metrics.tokensGeneratedTotal, { model_id: "fault-omit-usage" }), chunks);
  assert.equal(chunks, 16);
});

test("completions (unary and stream) and embeddings are measured on their own endpoint label", async () => {
  await client.completions.create({ model: "sim-model", prompt: "hello" });
  const s = await client.completions.create({ model: "sim-model", prompt: "hello", stream: true });
  for await (const _ of s) void _;
  const e = await client.embeddings.create({ model: "sim-model", input: ["a b c", "d e"] });
  assert.equal(e.data.length, 2);
  const m = exporter.metrics;
  assert.equal(await valueOf(m.requestsByStatusTotal, { endpoint: "/v1/completions" }), 2);
  assert.equal(await valueOf(m.requestsByStatusTotal, { endpoint: "/v1/embeddings", mode: "unary" }), 1);
});

test("requests in flight show in llm_concurrent_requests and it returns to 0", async () => {
  const held: (() => void)[] = [];
  const upstream = await rawUpstream((req, res) => {
    req.resume();
    held.push(() => res.writeHead(200, { "content-type": "application/json" }).end('{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1}}'));
  });
  const { exporter: ex } = await exporterFor(upstream.url);
  try {
    const c = new OpenAI({ baseURL: `${ex.url}/v1`, apiKey: "x", maxRetries: 0 });
    const pending = [1, 2, 3].map(() => c.chat.completions.create({ model: "m", messages }));
    while (held.length < 3) await new Promise((r) => setTimeout(r, 5));
    assert.equal(await valueOf(ex.metrics.concurrentRequests), 3);
    for (const release of held) release();
    await Promise.all(pending);
    assert.equal(await valueOf(ex.metrics.concurrentRequests), 0);
  } finally {
    await ex.close();
    await upstream.close();
  }
});

test("one JSON log line per request, with ids and timings, and never the prompt or completion text", async () => {
  const r = await client.chat.completions.create({ model: "sim-model", messages });
  const lines = log.lines().filter((l) => l.msg === "request" || l.msg === "request failed");
  const requests = await valueOf(exporter.metrics.requestsTotal);
  assert.equal(lines.length, requests);
  const last = lines.at(-1)!;
  assert.equal(last.model, "sim-model");
  assert.equal(last.upstream, "sim");
  assert.equal(last.status, 200);
  assert.equal(last.completion_tokens, 16);
  assert.equal(typeof last.request_id, "string");
  assert.ok((last.duration_ms as number) >= (last.ttft_ms as number));
  const all = JSON.stringify(log.lines());
  assert.ok(!all.includes(SECRET_PROMPT), "prompt text leaked into the log");
  assert.ok(!all.includes(r.choices[0]!.message.content!.slice(0, 20)), "completion text leaked into the log");
});

test("routing by model across upstreams, and /v1/models merges every upstream's list", async () => {
  const a = await startSimulator({ models: ["alpha", "shared"] });
  const b = await startSimulator({ models: ["beta", "shared"] });
  const two = await startExporter({
    upstreams: [
      { name: "a", url: a.url, backend: "openai", models: ["alpha"], default: true },
      { name: "b", url: `${b.url}/v1`, backend: "openai", models: ["beta"], default: false },
    ],
    host: "127.0.0.1", port: 0, backendScrapeIntervalMs: 0, upstreamProbeIntervalMs: 0, logger: captureLogger().logger,
  });
  try {
    const c = new OpenAI({ baseURL: `${two.url}/v1`, apiKey: "x", maxRetries: 0 });
    const ids = (await c.models.list()).data.map((m) => m.id).sort();
    assert.deepEqual(ids, ["alpha", "beta", "shared"]);
    await c.chat.completions.create({ model: "beta", messages });
    await c.chat.completions.create({ model: "shared", messages });
    assert.equal(b.stats().requestsTotal, 1, "beta goes to b");
    assert.equal(a.stats().requestsTotal, 1, "unlisted models go to the default upstream");
  } finally {
    await two.close();
    await a.close();
    await b.close();
  }
});
