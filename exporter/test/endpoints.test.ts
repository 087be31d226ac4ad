import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { test } from "node:test";
import { Pool } from "undici";
import { startSimulator } from "../simulator/server";
import type { ProxyAuditRecord, RequestTracer } from "../src/integrations";
import { populateSeries } from "../src/metrics/scrape";
import { requireTool } from "../../test/helpers/tools";
import { exporterFor, valueOf } from "./helpers/harness";
import { rawUpstream, refusedUrl } from "./helpers/raw-upstreams";
import { sleep } from "./helpers/wait";

const OK_BODY = '{"id":"x","choices":[{"message":{"content":"ok"}}],"usage":{"prompt_tokens":3,"completion_tokens":2}}';
const CHAT = JSON.stringify({ model: "sim-model", messages: [{ role: "user", content: "hello" }] });
const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString("base64")}`;

test("bearer auth on /v1/*: 401 OpenAI error + auth_failure event; the proxy's token never reaches the upstream", async () => {
  const seen: (string | undefined)[] = [];
  const upstream = await rawUpstream((req, res) => {
    seen.push(req.headers.authorization);
    req.resume().on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(OK_BODY));
  });
  const audited: ProxyAuditRecord[] = [];
  const audit = { write: (r: ProxyAuditRecord) => void audited.push(r), close: async () => undefined };
  const { exporter } = await exporterFor(upstream.url, { apiToken: "s3cret", audit });
  const call = (auth?: string) => fetch(`${exporter.url}/v1/chat/completions`, {
    method: "POST", body: '{"model":"m","messages":[]}', headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
  });
  try {
    const none = await call();
    assert.equal(none.status, 401);
    assert.equal((await none.json() as { error: { code: string } }).error.code, "invalid_api_key");
    assert.equal((await call("Bearer wrong")).status, 401);
    assert.equal((await call(basic("a", "s3cret"))).status, 401);
    assert.equal(await valueOf(exporter.metrics.securityEventsTotal, { event_type: "auth_failure" }), 3);
    assert.equal((await call("Bearer s3cret")).status, 200);
    assert.deepEqual(seen, [undefined], "only the authorised request went upstream, without our token");
    assert.deepEqual(audited.map((r) => [r.action, r.status]), [["auth_failure", 401], ["auth_failure", 401], ["auth_failure", 401], ["llm_call", 200]]);
    assert.equal((await fetch(`${exporter.url}/v1/models`)).status, 401, "/v1/models is protected too");
    assert.equal((await fetch(`${exporter.url}/healthz`)).status, 200, "probes stay open");
  } finally {
    await exporter.close();
    await upstream.close();
  }
});

test("basic auth on /metrics and /metrics/json: 401 + metrics_auth_failure; JSON lists current values", async () => {
  const sim = await startSimulator();
  const { exporter } = await exporterFor(sim.url, { metricsAuth: { username: "prometheus", password: "pw" } });
  try {
    assert.equal((await fetch(`${exporter.url}/v1/chat/completions`, { method: "POST", body: CHAT })).status, 200);
    const denied = await fetch(`${exporter.url}/metrics`, { headers: { authorization: basic("prometheus", "nope") } });
    assert.equal(denied.status, 401);
    assert.match(denied.headers.get("www-authenticate") ?? "", /^Basic/);
    assert.equal((await fetch(`${exporter.url}/metrics/json`)).status, 401);
    assert.equal(await valueOf(exporter.metrics.securityEventsTotal, { event_type: "metrics_auth_failure" }), 2);
    const ok = await fetch(`${exporter.url}/metrics`, { headers: { authorization: basic("prometheus", "pw") } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    const text = await ok.text();
    assert.match(text, /^llm_inference_requests_total\{model_id="sim-model"\} 1$/m);
    const lint = spawnSync(requireTool("promtool"), ["check", "metrics"], { input: text, encoding: "utf8" });
    assert.notEqual(lint.status, 1, lint.stdout + lint.stderr);
    const json = await (await fetch(`${exporter.url}/metrics/json`, { headers: { authorization: basic("prometheus", "pw") } })).json() as {
      metrics: { name: string; values: { labels: Record<string, string>; value: number }[] }[];
    };
    const requests = json.metrics.find((m) => m.name === "llm_inference_requests_total");
    assert.deepEqual(requests?.values, [{ labels: { model_id: "sim-model" }, value: 1 }]);
  } finally {
    await exporter.close();
    await sim.close();
  }
});

test("OpenMetrics scrape carries trace_id exemplars on the latency histograms", async () => {
  const sim = await startSimulator({ ttftMs: 5 });
  const traceIds: string[] = [];
  const tracer: RequestTracer = {
    startRequestSpan: () => {
      const traceId = randomBytes(16).toString("hex");
      traceIds.push(traceId);
      return { traceId, setAttributes: () => undefined, end: () => undefined };
    },
    shutdown: async () => undefined,
  };
  const { exporter, log } = await exporterFor(sim.url, { tracer });
  try {
    const answer = await fetch(`${exporter.url}/v1/chat/completions`, { method: "POST", body: CHAT });
    assert.equal(answer.status, 200, await answer.text());
    const om = await fetch(`${exporter.url}/metrics`, { headers: { accept: "application/openmetrics-text; version=1.0.0" } });
    assert.equal(om.headers.get("content-type"), "application/openmetrics-text; version=1.0.0; charset=utf-8");
    const text = await om.text();
    const id = traceIds[0]!;
    for (const h of ["llm_first_token_latency_ms", "llm_inference_duration_ms"]) {
      assert.match(text, new RegExp(`^${h}_bucket\\{model_id="sim-model",le="[^"]+"\\} 1 # \\{trace_id="${id}"\\} [0-9.]+ [0-9.]+$`, "m"), h);
    }
    assert.ok(text.endsWith("# EOF\n"));
    const prom = await (await fetch(`${exporter.url}/metrics`)).text();
    assert.doesNotMatch(prom, /trace_id/);
    assert.equal(log.lines().find((l) => l.msg === "request")?.trace_id, id, "the log line carries the trace id");
  } finally {
    await exporter.close();
    await sim.close();
  }
});

test("llm_upstream_up is probed in the background from the start, without /readyz, and follows the upstream", async () => {
  const sim = await startSimulator();
  const { exporter } = await exporterFor(sim.url, { upstreamProbeIntervalMs: 100, readinessCacheMs: 0 });
  const upstreamUp = () => valueOf(exporter.metrics.upstreamUp, { upstream: "sim" });
  const eventually = async (want: number, what: string) => {
    for (const end = Date.now() + 3000; (await upstreamUp()) !== want;) {
      if (Date.now() > end) assert.fail(`llm_upstream_up never became ${want}: ${what}`);
      await sleep(20);
    }
  };
  try {
    await eventually(1, "the first probe runs at start");
    await sim.close();
    await eventually(0, "the upstream went away");
  } finally {
    await exporter.close();
    await sim.close().catch(() => undefined);
  }
});

test("/healthz is liveness; /readyz needs one reachable upstream and sets llm_upstream_up", async () => {
  const sim = await startSimulator();
  const up = await exporterFor(sim.url);
  const down = await exporterFor(await refusedUrl());
  try {
    assert.equal((await fetch(`${up.exporter.url}/readyz`)).status, 200);
    assert.equal(await valueOf(up.exporter.metrics.upstreamUp, { upstream: "sim" }), 1);
    const r = await fetch(`${down.exporter.url}/readyz`);
    assert.equal(r.status, 503);
    assert.deepEqual(await r.json(), { status: "not ready", upstreams: { sim: false } });
    assert.equal(await valueOf(down.exporter.metrics.upstreamUp, { upstream: "sim" }), 0);
    assert.equal((await fetch(`${down.exporter.url}/healthz`)).status, 200);
    const models = await fetch(`${down.exporter.url}/v1/models`);
    assert.equal(models.status, 502, "no upstream answered /v1/models");
    assert.equal((await models.json() as { error: { code: string } }).error.code, "connection_refused");
  } finally {
    await up.exporter.close();
    await down.exporter.close();
    await sim.close();
  }
});

test("a flood of 5,000 distinct model names stays capped at N model_id values plus other", async () => {
  const upstream = await rawUpstream((req, res) => req.resume().on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(OK_BODY)));
  const { exporter } = await exporterFor(upstream.url, { maxModelIds: 100 });
  const pool = new Pool(exporter.url, { connections: 32 });
  try {
    let next = 0;
    const worker = async () => {
      while (next < 5000) {
        const i = next++;
        const r = await pool.request({ method: "POST", path: "/v1/chat/completions", body: JSON.stringify({ model: `random-${i}-${"x".repeat(i % 300)}`, messages: [] }) });
        assert.equal(r.statusCode, 200);
        await r.body.dump();
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    const series = (await exporter.metrics.requestsTotal.get()).values;
    assert.equal(series.length, 101);
    assert.equal(series.find((s) => s.labels.model_id === "other")?.value, 4900);
    assert.equal(await valueOf(exporter.metrics.modelIdsOverflowTotal), 4900);
    assert.ok(series.every((s) => String(s.labels.model_id).length <= 128));
  } finally {
    await pool.close();
    await exporter.close();
    await upstream.close();
  }
});

async function maxLagMs(work: () => Promise<void>): Promise<number> {
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  await work();
  lag.disable();
  return lag.max / 1e6;
}

test("event-loop lag while scraping 2,000 series is measured", async (t) => {
  const metrics = populateSeries(2000);
  const sim = await startSimulator();
  const { exporter } = await exporterFor(sim.url, { metrics });
  try {
    await fetch(`${exporter.url}/metrics`).then((r) => r.text());
    let samples = 0;
    // Same HTTP round trips without a render, so the figure can be told apart from a busy machine's noise.
    const baseline = await maxLagMs(async () => {
      for (let i = 0; i < 10; i++) await (await fetch(`${exporter.url}/healthz`)).text();
    });
    const scraping = await maxLagMs(async () => {
      for (let i = 0; i < 10; i++) {
        const text = await (await fetch(`${exporter.url}/metrics`, i % 2 ? { headers: { accept: "application/openmetrics-text" } } : {})).text();
        samples = text.split("\n").filter((l) => l && !l.startsWith("#")).length;
      }
    });
    t.diagnostic(`scrapes of ${samples} samples: event-loop lag max ${scraping.toFixed(2)} ms (same requests without a render: ${baseline.toFixed(2)} ms)`);
    assert.ok(samples >= 2000);
    assert.ok(Number.isFinite(scraping) && scraping > 0);
  } finally {
    await exporter.close();
    await sim.close();
  }
});

test("with OTLP tracing on, the upstream gets a traceparent whose trace id is the log's and the exported span's", async () => {
  const received: string[] = [];
  const collector = await rawUpstream((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push(body);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  const parents: string[] = [];
  const upstream = await rawUpstream((req, res) => {
    parents.push(String(req.headers.traceparent));
    req.resume().on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(OK_BODY));
  });
  const { exporter, log } = await exporterFor(upstream.url, { tracing: { endpoint: collector.url, serviceName: "llm-exporter-test", sampleRatio: 1 } });
  try {
    const r = await fetch(`${exporter.url}/v1/chat/completions`, { method: "POST", body: '{"model":"m","messages":[]}' });
    assert.equal(r.status, 200);
    await r.text();
  } finally {
    await exporter.close();
  }
  try {
    const traceId = log.lines().find((l) => l.msg === "request")?.trace_id as string;
    assert.match(traceId, /^[0-9a-f]{32}$/);
    assert.match(parents[0] ?? "", new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    assert.ok(received.some((b) => b.includes(traceId) || b.includes(Buffer.from(traceId, "hex").toString("base64"))), "span exported on close");
  } finally {
    await upstream.close();
    await collector.close();
  }
});
