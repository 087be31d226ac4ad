import assert from "node:assert/strict";
import { test } from "node:test";
import { exporterHelp, loadRuntimeConfig, RuntimeConfigError } from "../src/config";

test("defaults with a single --upstream", () => {
  const c = loadRuntimeConfig(["--upstream", "http://127.0.0.1:8000", "--port", "9000"], {});
  assert.equal(c.port, 9000);
  assert.equal(c.host, "0.0.0.0");
  assert.deepEqual(c.upstreams, [{ name: "default", url: "http://127.0.0.1:8000", backend: "openai", models: [], default: true }]);
  assert.equal(c.maxModelIds, 100);
  assert.deepEqual(c.timeouts, { connectMs: 2000, firstByteMs: 60000, idleMs: 30000 });
  assert.deepEqual(c.circuitBreaker, { failureThreshold: 5, openSeconds: 30 });
  assert.equal(c.maxBodyBytes, 10 * 1024 * 1024);
  assert.equal(c.apiToken, undefined);
  assert.equal(c.metricsAuth, undefined);
  assert.equal(c.logLevel, "info");
  assert.equal(c.upstreamProbeIntervalMs, 15_000);
});

test("every LLMOBS_* / AUDIT_* / OTEL_* variable is read", () => {
  const c = loadRuntimeConfig([], {
    LLMOBS_UPSTREAMS: JSON.stringify([
      { name: "vllm", url: "http://vllm:8000", backend: "vllm", models: ["llama"] },
      { name: "rest", url: "http://ollama:11434/v1", backend: "ollama", default: true },
    ]),
    LLMOBS_PORT: "8080", LLMOBS_HOST: "127.0.0.1", LLMOBS_MAX_MODEL_IDS: "50", LLMOBS_CONNECT_TIMEOUT_MS: "100",
    LLMOBS_FIRST_BYTE_TIMEOUT_MS: "200", LLMOBS_IDLE_TIMEOUT_MS: "300", LLMOBS_CB_FAILURE_THRESHOLD: "2", LLMOBS_CB_OPEN_SECONDS: "0.5",
    LLMOBS_API_TOKEN: "tok", LLMOBS_METRICS_USERNAME: "prometheus", LLMOBS_METRICS_PASSWORD: "pw", LLMOBS_MAX_BODY_MB: "1",
    LLMOBS_BACKEND_SCRAPE_INTERVAL_MS: "5000", LLMOBS_GPU_POLL_INTERVAL_MS: "2000", LLMOBS_UPSTREAM_PROBE_INTERVAL_MS: "0", NVIDIA_SMI_PATH: "/usr/bin/nvidia-smi",
    AUDIT_ENABLED: "true", AUDIT_LOG_DIR: "/var/log/audit", AUDIT_RETENTION_DAYS: "7", AUDIT_MAX_SIZE_MB: "10",
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://jaeger:4318", OTEL_SERVICE_NAME: "exp", OTEL_TRACES_SAMPLER_ARG: "0.1", LOG_LEVEL: "debug",
  });
  assert.deepEqual(c.upstreams.map((u) => [u.name, u.models, u.default]), [["vllm", ["llama"], false], ["rest", [], true]]);
  assert.deepEqual([c.port, c.host, c.maxModelIds], [8080, "127.0.0.1", 50]);
  assert.deepEqual(c.timeouts, { connectMs: 100, firstByteMs: 200, idleMs: 300 });
  assert.deepEqual(c.circuitBreaker, { failureThreshold: 2, openSeconds: 0.5 });
  assert.equal(c.apiToken, "tok");
  assert.deepEqual(c.metricsAuth, { username: "prometheus", password: "pw" });
  assert.equal(c.maxBodyBytes, 1024 * 1024);
  assert.deepEqual([c.backendScrapeIntervalMs, c.gpuPollIntervalMs, c.nvidiaSmiPath], [5000, 2000, "/usr/bin/nvidia-smi"]);
  assert.equal(c.upstreamProbeIntervalMs, 0, "0 turns the background probe off");
  assert.deepEqual(c.audit, { enabled: true, dir: "/var/log/audit", retentionDays: 7, maxSizeMb: 10 });
  assert.deepEqual(c.otel, { endpoint: "http://jaeger:4318", serviceName: "exp", sampleRatio: 0.1 });
  assert.equal(c.logLevel, "debug");
});

test("bad values give one line naming the variable or flag, the value and what is allowed", () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [["--port", "abc"], { LLMOBS_UPSTREAM: "http://x:1" }, /^--port = "abc": expected an integer 0-65535$/],
    [[], { LLMOBS_UPSTREAM: "http://x:1", LLMOBS_PORT: "70000" }, /^LLMOBS_PORT = "70000": expected an integer 0-65535$/],
    [[], { LLMOBS_UPSTREAM: "ftp://x" }, /^LLMOBS_UPSTREAM = "ftp:\/\/x": expected an http\(s\) URL/],
    [[], { LLMOBS_UPSTREAMS: "[{" }, /^LLMOBS_UPSTREAMS = "\[\{": expected a JSON array/],
    [[], { LLMOBS_UPSTREAMS: '[{"name":"a","url":"http://a","backend":"gpt"}]' }, /^LLMOBS_UPSTREAMS\[0\]\.backend = "gpt": /],
    [[], { LLMOBS_UPSTREAMS: '[{"name":"a","url":"http://a","backend":"vllm","default":true},{"name":"b","url":"http://b","backend":"vllm","default":true}]' }, /default.*at most one default/],
    [[], {}, /no upstream/],
    [[], { LLMOBS_UPSTREAM: "http://x:1", LLMOBS_CB_OPEN_SECONDS: "0" }, /^LLMOBS_CB_OPEN_SECONDS = "0": expected a number of seconds > 0/],
    [[], { LLMOBS_UPSTREAM: "http://x:1", AUDIT_ENABLED: "yes" }, /^AUDIT_ENABLED = "yes": expected true or false$/],
    [[], { LLMOBS_UPSTREAM: "http://x:1", LOG_LEVEL: "loud" }, /^LOG_LEVEL = "loud": expected one of fatal/],
    [[], { LLMOBS_UPSTREAM: "http://x:1", LLMOBS_METRICS_USERNAME: "p" }, /^LLMOBS_METRICS_PASSWORD = undefined: expected set together/],
    [["--bogus"], { LLMOBS_UPSTREAM: "http://x:1" }, /bogus.*allowed flags are --upstream/],
    [[], { LLMOBS_UPSTREAM: "http://x:1", LLMOBS_UPSTREAM_PROBE_INTERVAL_MS: "50" }, /^LLMOBS_UPSTREAM_PROBE_INTERVAL_MS = "50": expected 0 \(probe only for \/readyz\) or an integer 100-3600000 \(ms\)$/],
  ];
  for (const [argv, env, expected] of cases) {
    assert.throws(() => loadRuntimeConfig(argv, env), (e: unknown) => {
      assert.ok(e instanceof RuntimeConfigError, String(e));
      assert.match(e.message, expected);
      assert.ok(!e.message.includes("\n"), "one line");
      return true;
    });
  }
});

/** `--help`'s settings: variable, flag, and the default it shows (undefined for "unset"). */
function helpSettings(): { env: string; flag: string | undefined; fallback: string | undefined }[] {
  const lines = exporterHelp().split("\n");
  return lines.flatMap((line, i) => {
    const m = /^ {2}([A-Z][A-Z0-9_]+)(?:, (--[a-z]+))? {2,}\S/.exec(line);
    if (!m) return [];
    const d = /^ {3,}default (.+?); /.exec(lines[i + 1] ?? "");
    assert.ok(d, `${m[1]}: no default line under it`);
    return [{ env: m[1]!, flag: m[2], fallback: d[1] === "unset" ? undefined : d[1] }];
  });
}

test("--help lists exactly the variables the exporter reads", () => {
  const read = new Set<string>();
  const env = new Proxy({ LLMOBS_UPSTREAMS: '[{"name":"a","url":"http://a:1","backend":"vllm"}]' } as Record<string, string | undefined>, {
    get(target, key) {
      if (typeof key === "string") read.add(key);
      return target[key as string];
    },
  });
  loadRuntimeConfig([], env);
  assert.deepEqual(helpSettings().map((s) => s.env).sort(), [...read].sort());
});

test("--help shows the defaults in use, and its flags are the accepted ones", () => {
  const base = { LLMOBS_UPSTREAM: "http://127.0.0.1:8000" };
  const defaults = loadRuntimeConfig([], base);
  const settings = helpSettings();
  for (const s of settings.filter((x) => x.fallback !== undefined)) {
    assert.deepEqual(loadRuntimeConfig([], { ...base, [s.env]: s.fallback }), defaults, `${s.env}=${s.fallback} is not the default`);
  }
  const flags = settings.filter((s) => s.flag !== undefined);
  assert.deepEqual(flags.map((s) => s.flag), ["--upstream", "--port", "--host"]);
  assert.equal(loadRuntimeConfig(["--upstream", "http://x:1", "--port", "1", "--host", "::1"], {}).port, 1);
});
