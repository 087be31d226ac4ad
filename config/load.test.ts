import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, ENVIRONMENTS, formatConfigError, loadStackConfig, type Environment } from "./index";

/** The flat form `pulumi.runtime.allConfig()` returns: objects as JSON text, strings as-is. */
function flat(environment: string, keys: Record<string, unknown> = {}): Record<string, string> {
  const out: Record<string, string> = { "llmobs:environment": environment };
  for (const [k, v] of Object.entries(keys)) out[`llmobs:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  return out;
}

/** Loads and returns the ConfigError, failing the test if the config loads. */
function problemsOf(all: Record<string, string>, secretKeys?: string[]): ConfigError {
  try {
    loadStackConfig(all, secretKeys ? { secretKeys } : {});
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail("the config loaded, but should have been rejected");
}

const upstream = (name: string, extra: Record<string, unknown> = {}) => ({ name, url: `http://${name}:8000`, backend: "vllm", ...extra });

interface BadCase {
  name: string;
  env?: Environment | string;
  keys: Record<string, unknown>;
  /** Full key the one problem line must name. */
  key: string;
  /** The bad value as the line shows it. */
  value: string;
  /** Part of the "what is allowed" text. */
  allowed: string;
  secretKeys?: string[];
}

const BAD: BadCase[] = [
  { name: "wrong type", keys: { prometheus: { replicas: "two" } }, key: "llmobs:prometheus.replicas", value: '"two"', allowed: "an integer from 1 to 5" },
  { name: "number out of range", keys: { prometheus: { replicas: 9 } }, key: "llmobs:prometheus.replicas", value: "9", allowed: "an integer from 1 to 5" },
  { name: "ratio out of range", keys: { exporter: { traceSampleRatio: 1.5 } }, key: "llmobs:exporter.traceSampleRatio", value: "1.5", allowed: "a number from 0 to 1" },
  { name: "string for a boolean", keys: { exporter: { proxyAuth: "yes" } }, key: "llmobs:exporter.proxyAuth", value: '"yes"', allowed: "true or false" },
  { name: "unknown top-level key", keys: { prometheous: { replicas: 1 } }, key: "llmobs:prometheous", value: '{"replicas":1}', allowed: "known keys: environment, platform" },
  { name: "unknown key at depth 2", keys: { prometheus: { retention: "30d" } }, key: "llmobs:prometheus.retention", value: '"30d"', allowed: "retentionTime" },
  { name: "unknown key at depth 3", keys: { prometheus: { storage: { enabled: true, sizeGb: 64, size: 10 } } }, key: "llmobs:prometheus.storage.size", value: "10", allowed: "known keys: enabled, sizeGb, storageClass" },
  { name: "unknown key in a list item", keys: { exporter: { upstreams: [upstream("vllm", { modelz: ["a"] })] } }, key: "llmobs:exporter.upstreams[0].modelz", value: '["a"]', allowed: "known keys: name, url, backend, models, default" },
  { name: "bad enum", keys: { exporter: { upstreams: [upstream("vllm", { backend: "triton" })] } }, key: "llmobs:exporter.upstreams[0].backend", value: '"triton"', allowed: 'one of "vllm" | "llamacpp" | "tgi" | "ollama" | "openai"' },
  { name: "bad duration", keys: { prometheus: { retentionTime: "15days" } }, key: "llmobs:prometheus.retentionTime", value: '"15days"', allowed: "a duration like 30s, 5m, 1h or 15d" },
  { name: "zero interval", keys: { prometheus: { scrapeInterval: "0s" } }, key: "llmobs:prometheus.scrapeInterval", value: '"0s"', allowed: "number > 0" },
  { name: "bad quantity", keys: { exporter: { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "4GB" } } } }, key: "llmobs:exporter.resources.limits.memory", value: '"4GB"', allowed: "a Kubernetes quantity like 500m, 2, 512Mi or 4Gi" },
  { name: "bad URL", keys: { alerts: { runbookBaseUrl: "docs/runbooks.md" } }, key: "llmobs:alerts.runbookBaseUrl", value: '"docs/runbooks.md"', allowed: "an http(s) URL" },
  { name: "bad e-mail", env: "prod", keys: { alertmanager: { receivers: { email: { to: "oncall", from: "am@acme.example", smarthost: "smtp.acme.example:587" } } } }, key: "llmobs:alertmanager.receivers.email.to", value: '"oncall"', allowed: "an e-mail address" },
  { name: "bad model id as a map key", keys: { alerts: { modelOverrides: { "bad id!": { ttftP95WarningMs: 500 } } } }, key: 'llmobs:alerts.modelOverrides["bad id!"]', value: '"bad id!"', allowed: "a key that is a model id" },
  { name: "empty upstream list", keys: { exporter: { upstreams: [] } }, key: "llmobs:exporter.upstreams", value: "[]", allowed: "a list of at least 1, each item an object with keys name, url" },
  { name: "missing required field", keys: { exporter: { upstreams: [{ name: "vllm", backend: "vllm" }] } }, key: "llmobs:exporter.upstreams[0].url", value: "(unset)", allowed: "an http(s) URL" },
  { name: "bad environment", env: "production", keys: {}, key: "llmobs:environment", value: '"production"', allowed: 'one of "local" | "dev" | "staging" | "prod"' },
  { name: "platform does not match environment", env: "prod", keys: { platform: "docker" }, key: "llmobs:platform", value: '"docker"', allowed: '"kubernetes" for the prod environment' },
  { name: "HA on docker", env: "local", keys: { prometheus: { replicas: 2 } }, key: "llmobs:prometheus.replicas", value: "2", allowed: "1 on the docker platform" },
  { name: "retention size at the volume size", keys: { prometheus: { retentionSizeGb: 64, storage: { enabled: true, sizeGb: 64 } } }, key: "llmobs:prometheus.retentionSizeGb", value: "64", allowed: "less than prometheus.storage.sizeGb (64)" },
  { name: "windowed rules more often than the evaluation interval", keys: { prometheus: { evaluationInterval: "30s", windowedRulesInterval: "15s" } }, key: "llmobs:prometheus.windowedRulesInterval", value: '"15s"', allowed: "a duration from prometheus.evaluationInterval (30s) to 2m" },
  { name: "windowed rules past the lookback margin", keys: { prometheus: { windowedRulesInterval: "5m" } }, key: "llmobs:prometheus.windowedRulesInterval", value: '"5m"', allowed: "a duration from prometheus.evaluationInterval (15s) to 2m" },
  { name: "scrape timeout above the interval", keys: { prometheus: { scrapeInterval: "10s", scrapeTimeout: "15s" } }, key: "llmobs:prometheus.scrapeTimeout", value: '"15s"', allowed: "at most prometheus.scrapeInterval (10s)" },
  { name: "repeat interval below group interval", keys: { alertmanager: { groupInterval: "5m", repeatInterval: "1m" } }, key: "llmobs:alertmanager.repeatInterval", value: '"1m"', allowed: "at least alertmanager.groupInterval (5m)" },
  { name: "warning at or above critical", keys: { alerts: { thresholds: { errorRateWarning: 0.2 } } }, key: "llmobs:alerts.thresholds.errorRateWarning", value: "0.2", allowed: "below alerts.thresholds.errorRateCritical (0.1)" },
  { name: "TTFT threshold off a bucket bound", keys: { alerts: { thresholds: { ttftP95WarningMs: 120 } } }, key: "llmobs:alerts.thresholds.ttftP95WarningMs", value: "120", allowed: "a bucket bound of llm_first_token_latency_ms: 10, 25" },
  { name: "per-model duration threshold off a bucket bound", keys: { alerts: { modelOverrides: { "llama-3.1-70b": { durationP95WarningMs: 7000 } } } }, key: 'llmobs:alerts.modelOverrides["llama-3.1-70b"].durationP95WarningMs', value: "7000", allowed: "a bucket bound of llm_inference_duration_ms" },
  { name: "moved seed threshold out of range", keys: { alerts: { thresholds: { lowQualityScore: 1.5 } } }, key: "llmobs:alerts.thresholds.lowQualityScore", value: "1.5", allowed: "a number > 0 and < 1" },
  { name: "specialist P95 threshold off a bucket bound", keys: { alerts: { thresholds: { specialistP95WarningSeconds: 7 } } }, key: "llmobs:alerts.thresholds.specialistP95WarningSeconds", value: "7", allowed: "a bucket bound of specialist_request_duration_seconds: 0.1, 0.5, 1, 2, 5, 10, 30, 60" },
  { name: "per-model warning above the global critical", keys: { alerts: { modelOverrides: { big: { ttftP95WarningMs: 500 } } } }, key: "llmobs:alerts.modelOverrides.big.ttftP95WarningMs", value: "500", allowed: "ttftP95WarningMs below ttftP95CriticalMs for this model (effective 500 vs 200)" },
  { name: "two default upstreams", keys: { exporter: { upstreams: [upstream("a", { default: true }), upstream("b")] } }, key: "llmobs:exporter.upstreams[1].default", value: "false", allowed: "at most one default upstream" },
  { name: "model routed twice", keys: { exporter: { upstreams: [upstream("a", { models: ["m1"], default: true }), upstream("b", { models: ["m2", "m1"] })] } }, key: "llmobs:exporter.upstreams[1].models[1]", value: '"m1"', allowed: "routed to one upstream only (already on a)" },
  { name: "duplicate upstream name", keys: { exporter: { upstreams: [upstream("a", { default: true }), upstream("a", { models: ["x"] })] } }, key: "llmobs:exporter.upstreams[1].name", value: '"a"', allowed: "a name not used by another entry" },
  { name: "push without registry", keys: { exporter: { image: { push: true } } }, key: "llmobs:exporter.image.push", value: "true", allowed: "false unless exporter.image.build is true and exporter.image.registry is set" },
  { name: "an image ref next to a build", keys: { exporter: { image: { build: true, ref: "ghcr.io/acme/llmobs-exporter:1.2.3" } } }, key: "llmobs:exporter.image.ref", value: '"ghcr.io/acme/llmobs-exporter:1.2.3"', allowed: "unset when exporter.image.build is true" },
  { name: "a push registry without a build", env: "prod", keys: { exporter: { image: { registry: "ghcr.io/acme" } } }, key: "llmobs:exporter.image.registry", value: '"ghcr.io/acme"', allowed: "unset unless exporter.image.build is true" },
  { name: "a floating image ref", env: "prod", keys: { exporter: { image: { ref: "ghcr.io/acme/llmobs-exporter:latest" } } }, key: "llmobs:exporter.image.ref", value: '"ghcr.io/acme/llmobs-exporter:latest"', allowed: "an image reference with an exact tag or digest" },
  { name: "a tagless image ref", env: "prod", keys: { exporter: { image: { ref: "ghcr.io/acme/llmobs-exporter" } } }, key: "llmobs:exporter.image.ref", value: '"ghcr.io/acme/llmobs-exporter"', allowed: "not latest, not tagless" },
  { name: "simulator on kubernetes", env: "prod", keys: { exporter: { simulator: { enabled: true } } }, key: "llmobs:exporter.simulator.enabled", value: "true", allowed: "false on the kubernetes platform" },
  { name: "ollama scraped natively", env: "prod", keys: { prometheus: { llmBackends: [{ name: "ol", backend: "ollama", targets: ["ollama:11434"] }] } }, key: "llmobs:prometheus.llmBackends[0].backend", value: "\"ollama\"", allowed: "vllm, llamacpp, tgi or openai" },
  { name: "missing secret for an enabled receiver", keys: { alertmanager: { receivers: { slack: { channel: "#llm" } } } }, key: "llmobs:slackWebhookUrl", value: "(unset)", allowed: "a secret because alertmanager.receivers.slack is set" },
  { name: "secret written in plain text", keys: { alertmanager: { receivers: { slack: { channel: "#llm" } } }, slackWebhookUrl: "https://hooks.slack.com/services/T/B/X" }, secretKeys: [], key: "llmobs:slackWebhookUrl", value: "(plain text, not shown)", allowed: "pulumi config set --secret llmobs:slackWebhookUrl" },
  { name: "dotted key written flat", keys: { "prometheus.retentionTime": "30d" }, key: "llmobs:prometheus.retentionTime", value: '"30d"', allowed: "nested under llmobs:prometheus as a YAML map, or set with pulumi config set --path" },
  { name: "external Grafana without URL", keys: { grafana: { mode: "external" }, grafanaApiToken: "t" }, key: "llmobs:grafana.url", value: "(unset)", allowed: "the URL of the existing Grafana" },
  { name: "Elasticsearch traces without logging", keys: { logging: { enabled: false }, tracing: { backend: "elasticsearch" } }, key: "llmobs:tracing.backend", value: '"elasticsearch"', allowed: "unless logging.enabled" },
];

for (const c of BAD) {
  test(`rejects ${c.name}: one line names ${c.key}`, () => {
    const e = problemsOf(flat(c.env ?? "dev", c.keys), c.secretKeys);
    const lines = e.problems.filter((l) => l.startsWith(`${c.key} = `));
    assert.equal(lines.length, 1, `expected one line for ${c.key}, got:\n${e.problems.join("\n")}`);
    const [line] = lines as [string];
    assert.ok(line.startsWith(`${c.key} = ${c.value}: `), `value ${c.value} not shown in: ${line}`);
    assert.ok(line.includes(c.allowed), `"${c.allowed}" not in: ${line}`);
    for (const text of [e.message, e.stack ?? "", formatConfigError(e)]) {
      assert.doesNotMatch(text, /^\s*at /m, "a stack frame leaked into the message");
    }
    for (const p of e.problems) assert.doesNotMatch(p, /\n/, "a problem spans several lines");
  });
}

test("the secret value never appears in a plain-text-secret error", () => {
  const secret = "https://hooks.slack.com/services/T0/B0/very-secret";
  const e = problemsOf(flat("dev", { alertmanager: { receivers: { slack: { channel: "#x" } } }, slackWebhookUrl: secret }), []);
  assert.ok(!formatConfigError(e).includes(secret));
});

test("every problem is reported at once", () => {
  const e = problemsOf(flat("dev", { prometheus: { replicas: 0, retentionTime: "x" }, exporter: { port: 0 } }));
  assert.deepEqual(e.problems.map((l) => l.split(" = ")[0]).sort(), ["llmobs:exporter.port", "llmobs:prometheus.replicas", "llmobs:prometheus.retentionTime"]);
  assert.match(formatConfigError(e), /^invalid stack configuration \(3 problems\):\n {2}llmobs:/);
});

test("each environment's defaults load with only the environment set", () => {
  for (const env of ENVIRONMENTS) {
    const { config } = loadStackConfig(flat(env));
    assert.equal(config.environment, env);
    assert.equal(config.platform, env === "local" ? "docker" : "kubernetes");
  }
});

test("values keep their type: a string key stays a string, a section is JSON", () => {
  const { config } = loadStackConfig({ ...flat("dev", { prometheus: { retentionTime: "3d" } }), "llmobs:cluster": "123" });
  assert.equal(config.cluster, "123");
  assert.equal(config.prometheus.retentionTime, "3d");
  assert.equal(config.prometheus.scrapeInterval, "15s", "a partial section merges over the defaults");
});

test("keys of other namespaces are ignored and secrets are returned apart", () => {
  const all = { ...flat("dev", { alertmanager: { receivers: { slack: { channel: "#x" } } } }), "llmobs:slackWebhookUrl": "s3cret", "kubernetes:context": "dev" };
  const { config, secrets } = loadStackConfig(all, { secretKeys: ["llmobs:slackWebhookUrl"] });
  assert.deepEqual(secrets, { slackWebhookUrl: "s3cret" });
  assert.ok(!JSON.stringify(config).includes("s3cret"));
});

test("formatConfigError keeps the stack of an unexpected error, which is a bug to report", () => {
  const bug = new TypeError("boom");
  assert.equal(formatConfigError(bug), bug.stack);
});

test("numbers and booleans written as strings inside a section are read as such (pulumi config set --path)", () => {
  const { config } = loadStackConfig(flat("dev", { prometheus: { replicas: "2", storage: { enabled: "true", sizeGb: "40" } }, exporter: { traceSampleRatio: "0.25" } }));
  assert.equal(config.prometheus.replicas, 2);
  assert.equal(config.prometheus.storage.enabled, true);
  assert.equal(config.prometheus.storage.sizeGb, 40);
  assert.equal(config.exporter.traceSampleRatio, 0.25);
});
