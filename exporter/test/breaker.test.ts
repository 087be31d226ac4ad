import assert from "node:assert/strict";
import { test } from "node:test";
import OpenAI from "openai";
import { exporterFor, valueOf } from "./helpers/harness";
import { rawUpstream } from "./helpers/raw-upstreams";
import { until } from "./helpers/wait";

test("circuit breaker: closed -> open after N failures (fail fast 503) -> half-open probe -> closed, with the gauge", async () => {
  let healthy = false;
  // While `hold` is set, the upstream keeps its answer until the test calls `release()`.
  let hold = false;
  let release: (() => void) | undefined;
  const upstream = await rawUpstream((_req, res) => {
    const answer = () => {
      const body = healthy ? '{"choices":[{"message":{"content":"ok"}}],"usage":{"prompt_tokens":1,"completion_tokens":1}}' : '{"error":{"message":"down"}}';
      res.writeHead(healthy ? 200 : 500, { "content-type": "application/json" }).end(body);
    };
    if (hold) release = answer;
    else answer();
  });
  const { exporter } = await exporterFor(upstream.url, { breakerFailureThreshold: 2, breakerOpenSeconds: 0.3 });
  const gauge = () => valueOf(exporter.metrics.circuitBreakerState, { upstream: "sim" });
  const call = async () => {
    const r = await fetch(`${exporter.url}/v1/chat/completions`, { method: "POST", body: '{"model":"m","messages":[]}', headers: { "content-type": "application/json" } });
    return { status: r.status, body: await r.text() };
  };
  try {
    assert.equal(await gauge(), 0);
    assert.equal((await call()).status, 500);
    assert.equal(await gauge(), 0, "one failure is below the threshold");
    assert.equal((await call()).status, 500);
    assert.equal(await gauge(), 1, "open");
    const hits = upstream.hits();
    const fast = await call();
    assert.equal(fast.status, 503);
    assert.equal(JSON.parse(fast.body).error.code, "circuit_open");
    assert.equal(upstream.hits(), hits, "fail fast: the upstream is not called while open");
    assert.equal(await valueOf(exporter.metrics.failuresTotal, { error: "circuit_open" }), 1);

    // Longer than the open period: the next request is the probe.
    await new Promise((r) => setTimeout(r, 350));
    healthy = true;
    hold = true;
    const probe = call();
    await until(() => release !== undefined, "the probe to reach the upstream");
    assert.equal(await gauge(), 2, "half-open while the probe is out");
    assert.equal((await call()).status, 503, "only one probe at a time");
    release!();
    assert.equal((await probe).status, 200);
    assert.equal(await gauge(), 0, "closed after the probe succeeded");
    hold = false;
    assert.equal((await call()).status, 200);
  } finally {
    await exporter.close();
    await upstream.close();
  }
});

test("a failed half-open probe opens the breaker again", async () => {
  const upstream = await rawUpstream((_req, res) => res.writeHead(503).end());
  const { exporter } = await exporterFor(upstream.url, { breakerFailureThreshold: 1, breakerOpenSeconds: 0.1 });
  const call = () => fetch(`${exporter.url}/v1/completions`, { method: "POST", body: '{"model":"m","prompt":"x"}' }).then((r) => r.status);
  try {
    assert.equal(await call(), 503, "the upstream's own 503");
    assert.equal(await valueOf(exporter.metrics.circuitBreakerState), 1);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(await call(), 503, "probe failed");
    assert.equal(upstream.hits(), 2);
    assert.equal(await valueOf(exporter.metrics.circuitBreakerState), 1, "open again");
    assert.equal(await call(), 503);
    assert.equal(upstream.hits(), 2, "failing fast again");
  } finally {
    await exporter.close();
    await upstream.close();
  }
});

/** An upstream that fails with 500 until `heal()`, then answers chat completions. */
async function failingUpstream() {
  let healthy = false;
  const upstream = await rawUpstream((_req, res) => {
    if (!healthy) return void res.writeHead(500, { "content-type": "application/json" }).end('{"error":{"message":"down"}}');
    res.writeHead(200, { "content-type": "application/json" })
      .end('{"id":"c","object":"chat.completion","created":0,"model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"ok"}}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}');
  });
  return { upstream, heal: () => (healthy = true) };
}

/** The breaker's log lines, as `from->to reason consecutive_failures`, after checking each line's fields. */
function transitions(lines: Record<string, unknown>[]): string[] {
  return lines.filter((l) => l.msg === "circuit breaker state changed").map((l) => {
    assert.equal(l.upstream, "sim");
    assert.equal(l.level, l.to === "open" ? 40 : 30, "warn when it opens, info otherwise");
    return `${l.from}->${l.to} ${l.reason} ${l.consecutive_failures}`;
  });
}

test("an open breaker's 503 carries Retry-After: whole seconds until its half-open probe", async () => {
  const { upstream } = await failingUpstream();
  const { exporter, log } = await exporterFor(upstream.url, { breakerFailureThreshold: 2, breakerOpenSeconds: 30 });
  const call = () => fetch(`${exporter.url}/v1/chat/completions`, { method: "POST", body: '{"model":"m","messages":[]}' });
  try {
    for (let i = 0; i < 2; i++) {
      const r = await call();
      assert.equal(r.status, 500);
      assert.equal(r.headers.get("retry-after"), null, "the upstream's own errors say nothing about retrying");
    }
    const fast = await call();
    assert.equal(fast.status, 503);
    const seconds = Number(fast.headers.get("retry-after"));
    assert.ok(Number.isInteger(seconds) && seconds >= 1 && seconds <= 30, `Retry-After ${fast.headers.get("retry-after")}`);
    assert.deepEqual(transitions(log.lines()), ["closed->open failure_threshold 2"]);
  } finally {
    await exporter.close();
    await upstream.close();
  }
});

test("the official OpenAI client honours Retry-After: its retry waits out the open breaker and is the probe that closes it", async () => {
  const { upstream, heal } = await failingUpstream();
  // 1.5 s open: Retry-After rounds the rest up to whole seconds, so the client's wait ends after the open period.
  const { exporter, log } = await exporterFor(upstream.url, { breakerFailureThreshold: 1, breakerOpenSeconds: 1.5 });
  const request = { model: "m", messages: [{ role: "user" as const, content: "hi" }] };
  const once = new OpenAI({ baseURL: `${exporter.url}/v1`, apiKey: "x", maxRetries: 0 });
  try {
    await assert.rejects(once.chat.completions.create(request), (e) => e instanceof OpenAI.APIError && e.status === 500);
    heal();
    await assert.rejects(once.chat.completions.create(request), (e) => {
      assert.ok(e instanceof OpenAI.APIError && e.status === 503, String(e));
      assert.match(String(e.headers?.get("retry-after")), /^[12]$/);
      return true;
    });
    const retrying = new OpenAI({ baseURL: `${exporter.url}/v1`, apiKey: "x", maxRetries: 1 });
    const answer = await retrying.chat.completions.create(request);
    assert.equal(answer.choices[0]!.message.content, "ok");
    assert.equal(upstream.hits(), 2, "the failure and the probe: nothing reached the upstream while open");
    assert.equal(await valueOf(exporter.metrics.failuresTotal, { error: "circuit_open" }), 2, "the client's first attempt was turned away too");
    assert.deepEqual(transitions(log.lines()), [
      "closed->open failure_threshold 1",
      "open->half-open open_period_over 1",
      "half-open->closed probe_succeeded 1",
    ]);
  } finally {
    await exporter.close();
    await upstream.close();
  }
});
