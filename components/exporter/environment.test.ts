import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ENVIRONMENTS, loadStackConfig, type StackConfig } from "../../config";
import { loadRuntimeConfig } from "../../exporter/src/config";
import { resolve } from "../../test/helpers/pulumi-mocks";
import { AUDIT_LOG_DIR, exporterEnvironment, renderEnvFile, secretEnvironment } from ".";

function stack(env: (typeof ENVIRONMENTS)[number], extra: Record<string, string> = {}): StackConfig {
  return loadStackConfig({ "llmobs:environment": env, ...extra }).config;
}

const withUpstreams = {
  "llmobs:exporter": JSON.stringify({
    upstreams: [
      { name: "vllm-a", url: "http://vllm-a:8000", backend: "vllm", models: ["llama-3-8b"] },
      { name: "ollama", url: "http://ollama:11434", backend: "ollama", default: true },
    ],
    maxModelIds: 42,
    timeouts: { connectMs: 1500, firstByteMs: 90_000, idleMs: 20_000 },
    circuitBreaker: { failureThreshold: 7, openSeconds: 45 },
    audit: { enabled: false, retentionDays: 90, maxSizeMb: 250 },
    maxBodyMb: 4,
  }),
};

describe("exporterEnvironment", () => {
  // The contract test: what the component sets is what the exporter's own loader reads back, setting by setting.
  for (const env of ENVIRONMENTS) {
    it(`is read back by the exporter's runtime config loader unchanged (${env})`, () => {
      const config = stack(env, withUpstreams);
      const runtime = loadRuntimeConfig([], exporterEnvironment(config));
      const e = config.exporter;
      assert.equal(runtime.port, e.port);
      assert.equal(runtime.host, "0.0.0.0");
      assert.deepEqual(runtime.upstreams, e.upstreams);
      assert.equal(runtime.maxModelIds, 42);
      assert.deepEqual(runtime.timeouts, e.timeouts);
      assert.deepEqual(runtime.circuitBreaker, e.circuitBreaker);
      assert.deepEqual(runtime.audit, { enabled: false, dir: AUDIT_LOG_DIR, retentionDays: 90, maxSizeMb: 250 });
      assert.equal(runtime.maxBodyBytes, 4 * 1024 * 1024);
      assert.equal(runtime.otel.sampleRatio, e.traceSampleRatio);
      assert.equal(runtime.otel.serviceName, "llm-exporter");
      assert.equal(runtime.otel.endpoint, undefined);
      assert.equal(runtime.apiToken, undefined);
      assert.equal(runtime.metricsAuth, undefined);
      assert.equal(runtime.logLevel, "info");
    });
  }

  it("polls backends, upstream reachability and GPUs at Prometheus' scrape interval", () => {
    const local = loadRuntimeConfig([], exporterEnvironment(stack("local")));
    assert.equal(local.backendScrapeIntervalMs, 5000);
    assert.equal(local.upstreamProbeIntervalMs, 5000);
    assert.equal(local.gpuPollIntervalMs, 5000);
    const slow = loadRuntimeConfig([], exporterEnvironment(stack("dev", { "llmobs:prometheus": JSON.stringify({ scrapeInterval: "1m", scrapeTimeout: "30s" }) })));
    assert.equal(slow.backendScrapeIntervalMs, 60_000);
  });

  it("samples a tenth of the traces in prod and exports them to the given endpoint", () => {
    const runtime = loadRuntimeConfig([], exporterEnvironment(stack("prod"), { otlpEndpoint: "http://jaeger-collector.llmobs.svc:4318", logLevel: "warn" }));
    assert.equal(runtime.otel.sampleRatio, 0.1);
    assert.equal(runtime.otel.endpoint, "http://jaeger-collector.llmobs.svc:4318");
    assert.equal(runtime.logLevel, "warn");
  });

  it("never carries a credential, even when auth is on", () => {
    const env = exporterEnvironment(stack("prod", {
      "llmobs:exporter": JSON.stringify({ proxyAuth: true, metricsAuth: true }),
      "llmobs:exporterApiToken": "tok", "llmobs:exporterMetricsPassword": "pw",
    }));
    for (const key of ["LLMOBS_API_TOKEN", "LLMOBS_METRICS_USERNAME", "LLMOBS_METRICS_PASSWORD"]) assert.ok(!(key in env), key);
  });
});

describe("secretEnvironment", () => {
  it("switches on proxy and /metrics auth in the exporter", async () => {
    const config = stack("dev", { "llmobs:exporter": JSON.stringify({ proxyAuth: true, metricsAuth: true }), "llmobs:exporterApiToken": "t", "llmobs:exporterMetricsPassword": "p" });
    const secrets = secretEnvironment(config, { exporterApiToken: "tok-1", exporterMetricsPassword: "pw-1" });
    const plain = Object.fromEntries(await Promise.all(Object.entries(secrets).map(async ([k, v]) => [k, await resolve(v)])));
    const runtime = loadRuntimeConfig([], { ...exporterEnvironment(config), ...plain });
    assert.equal(runtime.apiToken, "tok-1");
    assert.deepEqual(runtime.metricsAuth, { username: "prometheus", password: "pw-1" });
  });

  it("leaves out secrets whose switch is off", () => {
    assert.deepEqual(secretEnvironment(stack("dev"), { exporterApiToken: "tok", exporterMetricsPassword: "pw" }), {});
  });

  it("names the config key when a switched-on secret is missing", () => {
    const config = stack("dev", { "llmobs:exporter": JSON.stringify({ metricsAuth: true }), "llmobs:exporterMetricsPassword": "p" });
    assert.throws(() => secretEnvironment(config, {}), /secrets\.exporterMetricsPassword is not set, but exporter\.metricsAuth = true requires it/);
  });
});

describe("renderEnvFile", () => {
  it("writes one sorted KEY=value line per variable, which parses back to the same environment", () => {
    const env = exporterEnvironment(stack("prod", withUpstreams));
    const text = renderEnvFile(env);
    const lines = text.trimEnd().split("\n");
    assert.deepEqual(lines.map((l) => l.split("=")[0]), Object.keys(env).sort());
    assert.deepEqual(Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)])), env);
  });
});
