import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { createMetrics } from "../metrics/registry";
import { GEN_AI, requestAttributes } from "./gen-ai";
import { createTracing } from "./tracing";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number };
}

/** A stand-in OTLP/HTTP collector on 127.0.0.1 that keeps the spans it receives. */
async function collector(status = 200): Promise<{ url: string; spans: OtlpSpan[]; paths: string[]; close(): Promise<void> }> {
  const spans: OtlpSpan[] = [];
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      paths.push(`${req.method} ${req.url} ${req.headers["content-type"]}`);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans.push(...ss.spans.map((s: OtlpSpan) => ({ ...s, resource: rs.resource })));
      res.writeHead(status, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, paths, close: () => new Promise((r) => server.close(() => r())) };
}

const attr = (span: OtlpSpan | undefined, key: string): unknown => {
  const v = span?.attributes.find((a) => a.key === key)?.value;
  if (v === undefined) return undefined;
  if ("arrayValue" in v) return (v.arrayValue as { values: { stringValue: string }[] }).values.map((x) => x.stringValue);
  const raw = Object.values(v)[0];
  return "intValue" in v ? Number(raw) : raw;
};

const quiet = pino({ level: "silent" });

test("without an endpoint tracing is a no-op without trace ids", async () => {
  const tracing = createTracing({ serviceName: "x", sampleRatio: 1, logger: quiet });
  const span = tracing.startRequestSpan({ [GEN_AI.requestModel]: "m" });
  assert.equal(span.traceId, "");
  assert.equal(span.traceparent, undefined);
  span.end(new Error("ignored"));
  await tracing.shutdown();
});

test("a CLIENT span with GenAI attributes reaches the OTLP/HTTP collector", async () => {
  const c = await collector();
  const tracing = createTracing({ endpoint: c.url, serviceName: "llm-exporter-test", sampleRatio: 1, logger: quiet });
  try {
    const span = tracing.startRequestSpan(requestAttributes({ operation: "chat", provider: "vllm", model: "llama-3-8b", maxTokens: 64, temperature: 0.2, serverAddress: "vllm", serverPort: 8000 }));
    assert.match(span.traceId, /^[0-9a-f]{32}$/);
    assert.equal(span.traceparent, `00-${span.traceId}-${span.spanId}-01`);
    span.setAttributes({ [GEN_AI.responseModel]: "llama-3-8b-instruct", [GEN_AI.usageInputTokens]: 12, [GEN_AI.usageOutputTokens]: 34, [GEN_AI.responseFinishReasons]: "stop" });
    span.end();
    await tracing.flush();
    assert.equal(c.paths[0], "POST /v1/traces application/json");
    const got = c.spans[0];
    assert.equal(got?.name, "chat llama-3-8b");
    assert.equal(got?.kind, 3, "SPAN_KIND_CLIENT");
    assert.equal(got?.traceId, span.traceId);
    assert.deepEqual(
      Object.fromEntries(got?.attributes.map((a) => [a.key, attr(got, a.key)]) ?? []),
      {
        "gen_ai.operation.name": "chat", "gen_ai.provider.name": "vllm", "gen_ai.system": "vllm", "gen_ai.request.model": "llama-3-8b",
        "gen_ai.request.max_tokens": 64, "gen_ai.request.temperature": 0.2, "server.address": "vllm", "server.port": 8000,
        "gen_ai.response.model": "llama-3-8b-instruct", "gen_ai.usage.input_tokens": 12, "gen_ai.usage.output_tokens": 34,
        "gen_ai.response.finish_reasons": ["stop"],
      },
    );
    assert.equal(((got as unknown as { resource: { attributes: { key: string; value: { stringValue: string } }[] } }).resource.attributes
      .find((a) => a.key === "service.name"))?.value.stringValue, "llm-exporter-test");
  } finally {
    await tracing.shutdown();
    await c.close();
  }
});

test("an incoming traceparent makes the span its child and decides sampling (ParentBased)", async () => {
  const c = await collector();
  const tracing = createTracing({ endpoint: `${c.url}/v1/traces`, serviceName: "t", sampleRatio: 0, logger: quiet });
  try {
    const parentTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const child = tracing.startRequestSpan({ [GEN_AI.operationName]: "embeddings", [GEN_AI.requestModel]: "e5" }, `00-${parentTrace}-00f067aa0ba902b7-01`);
    child.end(Object.assign(new Error("upstream said 503"), { name: "upstream_5xx" }));
    const unsampled = tracing.startRequestSpan({ [GEN_AI.requestModel]: "m" });
    assert.equal(unsampled.traceId, "", "ratio 0 samples no new trace");
    unsampled.end();
    const notSampledParent = tracing.startRequestSpan({ [GEN_AI.requestModel]: "m" }, `00-${parentTrace}-00f067aa0ba902b7-00`);
    assert.equal(notSampledParent.traceId, "");
    notSampledParent.end();
    await tracing.flush();
    assert.equal(c.spans.length, 1);
    const got = c.spans[0];
    assert.equal(got?.traceId, parentTrace);
    assert.equal(got?.parentSpanId, "00f067aa0ba902b7");
    assert.equal(got?.name, "embeddings e5");
    assert.equal(attr(got, "error.type"), "upstream_5xx");
    assert.equal(got?.status?.code, 2, "STATUS_CODE_ERROR");
  } finally {
    await tracing.shutdown();
    await c.close();
  }
});

test("a span started the proxy's way is renamed once the model is known", async () => {
  const c = await collector();
  const tracing = createTracing({ endpoint: c.url, serviceName: "t", sampleRatio: 1, logger: quiet });
  try {
    const span = tracing.startRequestSpan({ "http.route": "/v1/embeddings", "llm.request_id": "r1" });
    span.setAttributes({ [GEN_AI.requestModel]: "e5", [GEN_AI.providerName]: "ollama", [GEN_AI.errorType]: "upstream_5xx" });
    span.end(new Error("upstream_5xx"));
    await tracing.flush();
    const got = c.spans[0];
    assert.equal(got?.name, "embeddings e5");
    assert.equal(attr(got, "gen_ai.operation.name"), "embeddings");
    assert.equal(attr(got, "gen_ai.system"), "ollama");
    assert.equal(attr(got, "error.type"), "upstream_5xx");
  } finally {
    await tracing.shutdown();
    await c.close();
  }
});

test("failed exports are counted and logged once", async () => {
  const c = await collector(500);
  const metrics = createMetrics();
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(JSON.parse(l).msg) });
  const tracing = createTracing({ endpoint: c.url, serviceName: "t", sampleRatio: 1, logger, metrics });
  try {
    for (let i = 0; i < 2; i++) {
      tracing.startRequestSpan({ [GEN_AI.requestModel]: "m" }).end();
      await tracing.flush();
    }
    assert.equal((await metrics.errorsTotal.get()).values.find((v) => v.labels.component === "tracing")?.value, 2);
    assert.deepEqual(lines, ["tracing on", "trace export failing"]);
  } finally {
    await tracing.shutdown();
    await c.close();
  }
});

test("bad settings name the key", () => {
  assert.throws(() => createTracing({ endpoint: "jaeger:4318", serviceName: "x", sampleRatio: 1, logger: quiet }), /tracing endpoint = "jaeger:4318": expected an http\(s\) URL/);
  assert.throws(() => createTracing({ endpoint: "http://j:4318", serviceName: "x", sampleRatio: 2, logger: quiet }), /sampleRatio = 2/);
});
