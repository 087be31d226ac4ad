import assert from "node:assert/strict";
import { request } from "node:http";
import { connect } from "node:net";
import { after, before, test } from "node:test";
import OpenAI from "openai";
import { startSimulator, type SimulatorHandle } from "../simulator/server";
import { startExporter, type ExporterHandle } from "../src/server";
import { captureLogger, valueOf } from "./helpers/harness";
import { blackholeUrl, rawUpstream, refusedUrl } from "./helpers/raw-upstreams";

// Every fault: the client's status, the `error` label, exactly one log line, and a process that keeps serving.
let sim: SimulatorHandle;
let exporter: ExporterHandle;
let log: ReturnType<typeof captureLogger>;
let idle: Awaited<ReturnType<typeof rawUpstream>>;
let huge: Awaited<ReturnType<typeof rawUpstream>>;
let blackhole: Awaited<ReturnType<typeof blackholeUrl>>;

before(async () => {
  sim = await startSimulator({ slowFirstByteMs: 3000, tpotMs: 10, completionTokens: 16 });
  idle = await rawUpstream((req, res) => {
    // Headers and one token, then silence: the idle (between chunks) timeout must fire.
    res.writeHead(200, { "content-type": req.url?.includes("chat") ? "text/event-stream" : "application/json" });
    res.write('data: {"choices":[{"delta":{"content":"hi"}}]}\n\n');
  });
  huge = await rawUpstream((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(`{"data":"${"x".repeat(200_000)}"}`);
  });
  blackhole = await blackholeUrl();
  log = captureLogger();
  exporter = await startExporter({
    upstreams: [
      { name: "sim", url: sim.url, backend: "openai", models: [], default: true },
      { name: "idle", url: idle.url, backend: "openai", models: ["idle-model"], default: false },
      { name: "refused", url: await refusedUrl(), backend: "openai", models: ["refused-model"], default: false },
      { name: "blackhole", url: blackhole.url, backend: "openai", models: ["blackhole-model"], default: false },
      { name: "huge", url: huge.url, backend: "openai", models: ["huge-model"], default: false },
    ],
    host: "127.0.0.1", port: 0, backendScrapeIntervalMs: 0, upstreamProbeIntervalMs: 0, logger: log.logger,
    connectTimeoutMs: 300, firstByteTimeoutMs: 300, idleTimeoutMs: 300, breakerFailureThreshold: 1000, maxBodyBytes: 64 * 1024,
    maxResponseBytes: 64 * 1024,
  });
});
after(async () => {
  await exporter.close();
  await sim.close();
  await idle.close();
  await huge.close();
  blackhole.close();
});

async function post(path: string, body: unknown, raw = false) {
  const r = await fetch(`${exporter.url}${path}`, {
    method: "POST", headers: { "content-type": "application/json" }, body: raw ? (body as string) : JSON.stringify(body),
  });
  return { status: r.status, text: await r.text(), headers: r.headers };
}

/** POSTs without a content-length (chunked), as a streaming client would; resolves the status. */
function chunkedPost(path: string, parts: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${exporter.url}${path}`, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    for (const p of parts) req.write(p);
    req.end();
  });
}

const chat = (model: string, stream = false) => ({ model, stream, messages: [{ role: "user", content: "hi" }] });

/** Runs `act`, then checks the failure counter moved by one for `error` and exactly one new log line names it. */
async function expectFault(error: string, modelId: string, act: () => Promise<void>): Promise<void> {
  const failures = () => valueOf(exporter.metrics.failuresTotal, { error, model_id: modelId });
  const before = await failures();
  const logged = () => log.lines().filter((l) => l.error === error && l.model === modelId).length;
  const linesBefore = logged();
  await act();
  // The log destination is a stream: let it drain.
  await new Promise((r) => setImmediate(r));
  assert.equal(await failures() - before, 1, `llm_inference_failures_total{error="${error}"}`);
  assert.equal(logged() - linesBefore, 1, `one log line for ${error}`);
  assert.equal(await valueOf(exporter.metrics.concurrentRequests), 0);
}

test("upstream 4xx and 5xx pass through with their status and body", async () => {
  await expectFault("upstream_4xx", "fault-http-429", async () => {
    const r = await post("/v1/chat/completions", chat("fault-http-429"));
    assert.equal(r.status, 429);
    assert.equal(r.headers.get("retry-after"), "1");
    assert.ok(JSON.parse(r.text).error.message);
  });
  await expectFault("upstream_5xx", "fault-http-500", async () => {
    assert.equal((await post("/v1/chat/completions", chat("fault-http-500"))).status, 500);
  });
  assert.equal(await valueOf(exporter.metrics.errorsTotal, { error_type: "upstream_5xx", component: "upstream" }), 1);
});

test("connection reset before the response, and in the middle of a unary body: 502 connection_reset", async () => {
  await expectFault("connection_reset", "fault-reset", async () => {
    const r = await post("/v1/chat/completions", chat("fault-reset"));
    assert.equal(r.status, 502);
    assert.equal(JSON.parse(r.text).error.code, "connection_reset");
  });
  await expectFault("connection_reset", "fault-reset-mid-stream", async () => {
    assert.equal((await post("/v1/chat/completions", chat("fault-reset-mid-stream"))).status, 502);
  });
});

test("reset mid-stream ends the SSE stream with an error event the OpenAI client raises", async () => {
  await expectFault("connection_reset", "fault-reset-mid-stream", async () => {
    const client = new OpenAI({ baseURL: `${exporter.url}/v1`, apiKey: "x", maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: "fault-reset-mid-stream", messages: [{ role: "user", content: "hi" }], stream: true });
    await assert.rejects(async () => {
      for await (const _ of stream) void _;
    }, /connection reset/);
  });
});

test("malformed JSON and malformed SSE from the upstream: 502 before any byte, an error event after", async () => {
  await expectFault("malformed_response", "fault-malformed-json", async () => {
    const r = await post("/v1/chat/completions", chat("fault-malformed-json"));
    assert.equal(r.status, 502);
    assert.equal(JSON.parse(r.text).error.code, "malformed_response");
  });
  await expectFault("malformed_response", "fault-malformed-json", async () => {
    const r = await post("/v1/chat/completions", chat("fault-malformed-json", true));
    assert.equal(r.status, 200);
    assert.match(r.text, /event: error\ndata: \{"error":\{.*"code":"malformed_response"\}\}\n\n$/);
  });
  await expectFault("malformed_response", "fault-malformed-sse", async () => {
    const r = await post("/v1/chat/completions", chat("fault-malformed-sse", true));
    assert.ok(!r.text.includes("<html>"), "the broken text is not forwarded");
    assert.match(r.text, /"code":"malformed_response"/);
  });
});

test("a non-streaming answer larger than maxResponseBytes is cut off: 502 malformed_response", async () => {
  await expectFault("malformed_response", "huge-model", async () => {
    const r = await post("/v1/embeddings", { model: "huge-model", input: "x" });
    assert.equal(r.status, 502);
    assert.match(JSON.parse(r.text).error.message, /exceeds 65536 bytes/);
  });
});

test("first-byte timeout and a hung upstream: 504 timeout", async () => {
  await expectFault("timeout", "fault-slow-first-byte", async () => {
    const r = await post("/v1/chat/completions", chat("fault-slow-first-byte"));
    assert.equal(r.status, 504);
    assert.equal(JSON.parse(r.text).error.code, "timeout");
  });
  await expectFault("timeout", "fault-hang", async () => {
    assert.equal((await post("/v1/completions", { model: "fault-hang", prompt: "x" })).status, 504);
  });
});

test("idle timeout between chunks: an error event mid-stream, 504 for a unary body", async () => {
  await expectFault("timeout", "idle-model", async () => {
    const r = await post("/v1/chat/completions", chat("idle-model", true));
    assert.equal(r.status, 200);
    assert.ok(r.text.startsWith('data: {"choices":[{"delta":{"content":"hi"}}]}\n\n'), "the token before the silence was forwarded");
    assert.match(r.text, /"code":"timeout"/);
  });
  await expectFault("timeout", "idle-model", async () => {
    assert.equal((await post("/v1/completions", { model: "idle-model", prompt: "x" })).status, 504);
  });
});

test("connection refused: 502; connect timeout: 504", async () => {
  await expectFault("connection_refused", "refused-model", async () => {
    const r = await post("/v1/chat/completions", chat("refused-model"));
    assert.equal(r.status, 502);
    assert.equal(JSON.parse(r.text).error.code, "connection_refused");
  });
  await expectFault("timeout", "blackhole-model", async () => {
    assert.equal((await post("/v1/chat/completions", chat("blackhole-model"))).status, 504);
  });
});

test("client disconnect mid-stream aborts the upstream request", async () => {
  await expectFault("client_disconnect", "sim-model", async () => {
    const inFlightBefore = sim.stats().inFlight;
    const ac = new AbortController();
    const r = await fetch(`${exporter.url}/v1/chat/completions`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(chat("sim-model", true)), signal: ac.signal,
    });
    const reader = r.body!.getReader();
    await reader.read();
    ac.abort();
    await reader.read().catch(() => undefined);
    for (let i = 0; i < 100 && (sim.stats().inFlight > inFlightBefore || (await valueOf(exporter.metrics.concurrentRequests)) > 0); i++) {
      await new Promise((res) => setTimeout(res, 10));
    }
    assert.equal(sim.stats().inFlight, inFlightBefore, "the simulator saw the upstream request go away");
  });
});

test("a client that leaves in the middle of its request body is counted as client_disconnect", async () => {
  await expectFault("client_disconnect", "unknown", async () => {
    const socket = connect(exporter.port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    socket.write('POST /v1/chat/completions HTTP/1.1\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"model":"sim-model",');
    await new Promise((r) => setTimeout(r, 30));
    socket.destroy();
    for (let i = 0; i < 100 && exporter.connections() > 0; i++) await new Promise((r) => setTimeout(r, 5));
  });
});

test("bad client requests: 400 OpenAI-style errors, 404 unknown route, 405, 413", async () => {
  await expectFault("bad_request", "unknown", async () => {
    const r = await post("/v1/chat/completions", "{not json", true);
    assert.equal(r.status, 400);
    assert.equal(JSON.parse(r.text).error.type, "invalid_request_error");
  });
  await expectFault("bad_request", "unknown", async () => {
    const r = await post("/v1/chat/completions", { messages: [] });
    assert.equal(r.status, 400);
    assert.equal(JSON.parse(r.text).error.message, "you must provide a model parameter (a non-empty string)");
  });
  await expectFault("bad_request", "unknown", async () => {
    assert.equal((await post("/v1/embeddings", { model: "m", input: "x".repeat(100_000) })).status, 413);
  });
  await expectFault("bad_request", "unknown", async () => {
    assert.equal(await chunkedPost("/v1/chat/completions", [Buffer.alloc(40_000, 0x20), Buffer.alloc(40_000, 0x20)]), 413);
  });
  assert.equal(await valueOf(exporter.metrics.securityEventsTotal, { event_type: "body_too_large" }), 2);
  const notFound = await fetch(`${exporter.url}/v2/whatever`);
  assert.equal(notFound.status, 404);
  assert.equal((await notFound.json() as { error: { code: string } }).error.code, "not_found");
  assert.equal((await fetch(`${exporter.url}/v1/chat/completions`)).status, 405);
});

test("after every fault the exporter still serves normal requests", async () => {
  const r = await post("/v1/chat/completions", chat("sim-model"));
  assert.equal(r.status, 200);
  assert.equal(JSON.parse(r.text).usage.completion_tokens, 16);
  assert.equal((await fetch(`${exporter.url}/healthz`)).status, 200);
});
