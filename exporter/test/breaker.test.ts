import assert from "node:assert/strict";
import { test } from "node:test";
import { exporterFor, valueOf } from "./helpers/harness";
import { rawUpstream } from "./helpers/raw-upstreams";

test("circuit breaker: closed -> open after N failures (fail fast 503) -> half-open probe -> closed, with the gauge", async () => {
  let healthy = false;
  let delayMs = 0;
  const upstream = await rawUpstream((_req, res) => {
    setTimeout(() => {
      const body = healthy ? '{"choices":[{"message":{"content":"ok"}}],"usage":{"prompt_tokens":1,"completion_tokens":1}}' : '{"error":{"message":"down"}}';
      res.writeHead(healthy ? 200 : 500, { "content-type": "application/json" }).end(body);
    }, delayMs);
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

    await new Promise((r) => setTimeout(r, 350));
    healthy = true;
    delayMs = 150;
    const probe = call();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await gauge(), 2, "half-open while the probe is out");
    assert.equal((await call()).status, 503, "only one probe at a time");
    assert.equal((await probe).status, 200);
    assert.equal(await gauge(), 0, "closed after the probe succeeded");
    delayMs = 0;
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
