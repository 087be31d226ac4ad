import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OTEL_SERVICE_NAME } from "../components/exporter";
import {
  JAEGER_HEALTH_PORT, JAEGER_OTLP_HTTP_PORT, JAEGER_QUERY_PORT, jaegerRenderInput, renderJaegerConfig,
} from "../components/tracing";
import { loadStackConfig } from "../config";
import { readStackWithFixtureSecrets } from "../render/stack-input";
import { startSimulator } from "../exporter/simulator";
import { exporterFor } from "../exporter/test/helpers/harness";
import { onLoopback, requireJaegerBinary, startJaeger } from "./helpers/jaeger";

interface JaegerSpan {
  traceID: string;
  operationName: string;
  tags: { key: string; value: unknown }[];
}

/** Polls until `probe` returns a value. The bound only keeps a broken run from hanging; no timing is asserted. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gave up waiting for ${what}`);
}

// The real Jaeger v2 binary (scripts/build-jaeger.sh) runs each stack's rendered config; only its listen addresses
// are moved to free loopback ports (and badger's directories to a temp dir). A config Jaeger rejects fails here.
for (const stack of ["local", "dev", "staging"]) {
  test(`Jaeger accepts the ${stack} stack's rendered config and holds the exporter's traces`, { timeout: 240_000 }, async () => {
    const bin = requireJaegerBinary();
    const { config } = loadStackConfig(readStackWithFixtureSecrets(join(__dirname, "..", "stacks", `Pulumi.${stack}.yaml`)).config);
    assert.ok(config.tracing.enabled, `${stack} runs Jaeger`);
    const rendered = renderJaegerConfig(jaegerRenderInput(config));
    const { config: local, ports } = await onLoopback(rendered, mkdtempSync(join(tmpdir(), "jaeger-data-")));
    const at = (port: number) => `http://127.0.0.1:${ports.get(port)}`;
    const jaeger = await startJaeger(bin, local, `${at(JAEGER_HEALTH_PORT)}/status`);
    const sim = await startSimulator({ ttftMs: 5, models: ["llama-3-8b"] });
    // local and dev sample every request as deployed; staging samples half, so the test asks for every one there.
    const sampleRatio = stack === "staging" ? 1 : config.exporter.traceSampleRatio;
    assert.equal(sampleRatio, 1);
    const { exporter } = await exporterFor(sim.url, {
      tracing: { endpoint: at(JAEGER_OTLP_HTTP_PORT), serviceName: OTEL_SERVICE_NAME, sampleRatio },
    });
    try {
      const answer = await fetch(`${exporter.url}/v1/chat/completions`, {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "llama-3-8b", max_tokens: 8, messages: [{ role: "user", content: "hello" }] }),
      });
      assert.equal(answer.status, 200, await answer.text());

      // The exemplar on the latency histogram names the trace of that request.
      const om = await (await fetch(`${exporter.url}/metrics`, { headers: { accept: "application/openmetrics-text; version=1.0.0" } })).text();
      const exemplar = /^llm_inference_duration_ms_bucket\{model_id="llama-3-8b",le="[^"]+"\} 1 # \{trace_id="([0-9a-f]{32})"\}/m.exec(om);
      assert.ok(exemplar, `no trace_id exemplar on llm_inference_duration_ms:\n${om.slice(0, 2000)}`);
      const traceId = exemplar[1]!;

      const spans = await eventually(`trace ${traceId} in Jaeger`, async () => {
        const r = await fetch(`${at(JAEGER_QUERY_PORT)}/api/traces?service=${OTEL_SERVICE_NAME}&limit=20`);
        if (!r.ok) return undefined;
        const body = (await r.json()) as { data: { traceID: string; spans: JaegerSpan[] }[] };
        return body.data.find((t) => t.traceID === traceId)?.spans;
      });
      const span = spans[0]!;
      const tags = Object.fromEntries(span.tags.map((t) => [t.key, t.value]));
      assert.equal(span.operationName, "chat llama-3-8b");
      assert.equal(tags["gen_ai.operation.name"], "chat");
      assert.equal(tags["gen_ai.request.model"], "llama-3-8b");
      assert.equal(tags["gen_ai.provider.name"], "openai");
      assert.equal(tags["span.kind"], "client");
      // max_tokens 8: the simulator stops there, and the span counts what the answer's usage says.
      assert.equal(tags["gen_ai.usage.output_tokens"], 8, JSON.stringify(tags));
      assert.ok(Number(tags["gen_ai.usage.input_tokens"]) > 0, JSON.stringify(tags));
    } finally {
      await exporter.close();
      await sim.close();
      await jaeger.stop();
    }
  });
}

test("a config Jaeger rejects fails the start, with Jaeger's own message", { timeout: 120_000 }, async () => {
  const bin = requireJaegerBinary();
  const { config } = loadStackConfig(readStackWithFixtureSecrets(join(__dirname, "..", "stacks", "Pulumi.dev.yaml")).config);
  const broken = renderJaegerConfig(jaegerRenderInput(config)).replace("max_traces:", "max_tracez:");
  const { config: local, ports } = await onLoopback(broken, mkdtempSync(join(tmpdir(), "jaeger-data-")));
  await assert.rejects(startJaeger(bin, local, `http://127.0.0.1:${ports.get(JAEGER_HEALTH_PORT)}/status`), /jaeger exited with [1-9].*max_tracez/s);
});
