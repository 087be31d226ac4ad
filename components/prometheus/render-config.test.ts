import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { ConfigError, ENVIRONMENTS, loadStackConfig, type StackConfig } from "../../config";
import { SCRAPE_JOB_LABEL, serviceLabelMeta } from "../kubernetes";
import { requireTool } from "../../test/helpers/tools";
import { promtoolCheckConfig } from "./promtool";
import { UNBOUNDED_LABEL_NAMES } from "./relabel";
import { renderPrometheusConfig, type PrometheusRenderInput } from "./render-config";
import type { ScrapeTarget } from "./scrape-target";

const RULES = "groups:\n  - name: trivial\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n";
const SECRET_VALUES = {
  remoteWritePassword: "rw-pass-7c1e", targetBasicAuthPassword: "tgt-pass-93ab", exporterMetricsPassword: "exp-pass-4d0f",
  targetTlsCa: "ca-pem-11aa", targetTlsCert: "cert-pem-22bb", targetTlsKey: "key-pem-33cc",
};

/** What the later components hand in: exporter (basic auth), GPU, node, logs and traces self-metrics. */
const TARGETS: ScrapeTarget[] = [
  { job: "llm-exporter", endpoint: { host: "llm-exporter", port: 9464, portName: "http" }, basicAuth: { username: "prometheus", passwordSecret: "exporterMetricsPassword" } },
  { job: "dcgm-exporter", endpoint: { host: "dcgm-exporter", port: 9400 }, labels: { gpu_vendor: "nvidia" } },
  { job: "node-exporter", endpoint: { host: "node-exporter", port: 9100 } },
  { job: "elasticsearch", endpoint: { host: "elasticsearch-exporter", port: 9114 } },
  { job: "fluentd", endpoint: { host: "fluentd", port: 24231 } },
  { job: "jaeger", endpoint: { host: "jaeger", port: 8888 }, metricsPath: "/metrics" },
];

function stack(env: string, extra: Record<string, unknown> = {}): StackConfig {
  const raw: Record<string, string> = { "llmobs:environment": env };
  for (const [k, v] of Object.entries(extra)) raw[`llmobs:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  return loadStackConfig(raw).config;
}

const everything = {
  prometheus: {
    remoteWrite: [{ name: "longterm", url: "https://mimir.example.com/api/v1/push", basicAuthUsername: "tenant-1" }],
    targetAuth: { scheme: "https", basicAuthUsername: "scraper", tls: { mutual: true, serverName: "llm.internal" } },
    llmBackends: [
      { name: "vllm-a", backend: "vllm", targets: ["vllm-0.llm:8000", "vllm-1.llm:8000"] },
      { name: "tgi", backend: "tgi", targets: ["tgi.llm:80"], metricsPath: "/metrics" },
    ],
  },
  ...SECRET_VALUES,
};

const CASES: [string, StackConfig][] = [
  ...ENVIRONMENTS.map((env): [string, StackConfig] => [env, stack(env)]),
  ["prod with remote_write, target auth/TLS and backends", stack("prod", everything)],
  ["local with remote_write, target auth/TLS and backends", stack("local", everything)],
];

function render(config: StackConfig, extra: Partial<PrometheusRenderInput> = {}): string {
  return renderPrometheusConfig({ config, ruleFileNames: ["llm.yml"], scrapeTargets: TARGETS, ...extra });
}

type Job = Record<string, any>;
const jobs = (text: string): Job[] => (parse(text) as { scrape_configs: Job[] }).scrape_configs;

for (const [name, config] of CASES) {
  describe(`renderPrometheusConfig: ${name}`, () => {
    const text = render(config);
    const doc = parse(text) as Record<string, any>;

    it("passes promtool check config, rule files included", () => {
      requireTool("promtool");
      // promtool opens TLS files (not password files): render them relative to the checked config, as mounted files.
      const mounted = Object.fromEntries(Object.entries(SECRET_VALUES).map(([k, v]) => [`secrets/${k}`, v]));
      const out = promtoolCheckConfig(render(config, { secretsDir: "secrets" }), { "rules/llm.yml": RULES, ...mounted });
      assert.match(out, /SUCCESS/);
      assert.match(out, /1 rule files found/);
    });

    it("is deterministic", () => assert.equal(render(config), text));

    it("takes intervals from the config and always labels the cluster", () => {
      assert.equal(doc.global.scrape_interval, config.prometheus.scrapeInterval);
      assert.equal(doc.global.scrape_timeout, config.prometheus.scrapeTimeout);
      assert.equal(doc.global.evaluation_interval, config.prometheus.evaluationInterval);
      assert.equal(doc.global.external_labels.cluster, config.cluster);
      const replica = doc.global.external_labels.prometheus_replica;
      assert.equal(replica, config.platform === "kubernetes" ? "${POD_NAME}" : undefined);
      assert.deepEqual(doc.alerting.alert_relabel_configs, [{ action: "labeldrop", regex: "prometheus_replica" }]);
      assert.deepEqual(doc.rule_files, ["rules/llm.yml"]);
    });

    it("scrapes itself, Alertmanager, every given target and every configured backend", () => {
      const names = jobs(text).map((j) => j.job_name);
      const backends = config.prometheus.llmBackends.map((b) => `llm-backend-${b.name}`);
      assert.deepEqual(names, ["prometheus", "alertmanager", ...TARGETS.map((t) => t.job), ...backends]);
    });

    it("puts every cardinality limit from the config on every job", () => {
      const l = config.prometheus.scrapeLimits;
      for (const j of jobs(text)) {
        assert.equal(j.sample_limit, l.sampleLimit, j.job_name);
        assert.equal(j.label_limit, l.labelLimit, j.job_name);
        assert.equal(j.label_name_length_limit, l.labelNameLengthLimit, j.job_name);
        assert.equal(j.label_value_length_limit, l.labelValueLengthLimit, j.job_name);
        assert.equal(j.body_size_limit, `${l.bodySizeLimitMb}MB`, j.job_name);
        assert.deepEqual(j.metric_relabel_configs, [{ action: "labeldrop", regex: `(${UNBOUNDED_LABEL_NAMES.join("|")})` }]);
      }
    });

    it("discovers stack workloads the platform's way and never maps unbounded labels", () => {
      for (const j of jobs(text).filter((j) => !j.job_name.startsWith("llm-backend-"))) {
        if (config.platform === "docker") {
          assert.equal(j.kubernetes_sd_configs, undefined);
          assert.equal(j.static_configs.length, 1);
          continue;
        }
        assert.deepEqual(j.kubernetes_sd_configs, [{ role: "endpointslice", namespaces: { own_namespace: true } }]);
        const keep = j.relabel_configs.find((r: Job) => r.source_labels?.includes(serviceLabelMeta(SCRAPE_JOB_LABEL)));
        assert.equal(keep.regex, `true;${j.job_name}`);
        assert.ok(!j.relabel_configs.some((r: Job) => r.action === "labelmap"), "no wholesale label mapping");
        const targets = j.relabel_configs.filter((r: Job) => r.target_label).map((r: Job) => r.target_label);
        assert.deepEqual(targets, ["namespace", "pod", "service", "node", ...(j.job_name === "dcgm-exporter" ? ["gpu_vendor"] : [])]);
      }
      const dcgm = jobs(text).find((j) => j.job_name === "dcgm-exporter")!;
      if (config.platform === "docker") assert.deepEqual(dcgm.static_configs, [{ targets: ["dcgm-exporter:9400"], labels: { gpu_vendor: "nvidia" } }]);
      else assert.deepEqual(dcgm.relabel_configs.at(-1), { target_label: "gpu_vendor", replacement: "nvidia" });
      const expected = config.platform === "docker" ? [{ targets: ["alertmanager:9093"] }] : undefined;
      assert.deepEqual(doc.alerting.alertmanagers[0].static_configs, expected);
    });

    it("names credential files, never credentials", () => {
      for (const value of Object.values(SECRET_VALUES)) assert.ok(!text.includes(value), `secret ${value} leaked`);
      const exporter = jobs(text).find((j) => j.job_name === "llm-exporter")!;
      assert.deepEqual(exporter.basic_auth, { username: "prometheus", password_file: "/etc/prometheus/secrets/exporterMetricsPassword" });
    });
  });
}

describe("renderPrometheusConfig: optional features", () => {
  const config = stack("prod", everything);
  const byName = new Map(jobs(render(config)).map((j) => [j.job_name, j]));

  it("scrapes LLM backends at their static addresses with target auth, TLS and bounded labels", () => {
    const vllm = byName.get("llm-backend-vllm-a")!;
    assert.deepEqual(vllm.static_configs, [{ targets: ["vllm-0.llm:8000", "vllm-1.llm:8000"], labels: { backend: "vllm", backend_name: "vllm-a" } }]);
    assert.equal(vllm.scheme, "https");
    assert.deepEqual(vllm.basic_auth, { username: "scraper", password_file: "/etc/prometheus/secrets/targetBasicAuthPassword" });
    assert.deepEqual(vllm.tls_config, {
      ca_file: "/etc/prometheus/secrets/targetTlsCa", cert_file: "/etc/prometheus/secrets/targetTlsCert",
      key_file: "/etc/prometheus/secrets/targetTlsKey", server_name: "llm.internal", insecure_skip_verify: false,
    });
  });

  it("keeps non-LLM targets on plain HTTP without the LLM credentials", () => {
    const node = byName.get("node-exporter")!;
    assert.equal(node.scheme, undefined);
    assert.equal(node.basic_auth, undefined);
    assert.equal(node.tls_config, undefined);
  });

  it("writes remote_write with a password file", () => {
    const doc = parse(render(config)) as Record<string, any>;
    assert.deepEqual(doc.remote_write, [{
      name: "longterm", url: "https://mimir.example.com/api/v1/push",
      basic_auth: { username: "tenant-1", password_file: "/etc/prometheus/secrets/remoteWritePassword" },
    }]);
    assert.equal((parse(render(stack("prod"))) as Record<string, unknown>).remote_write, undefined);
  });

  it("uses the given secrets directory", () => {
    assert.match(render(config, { secretsDir: "/run/creds" }), /password_file: \/run\/creds\/remoteWritePassword/);
  });

  it("omits rule_files when there are none", () => {
    assert.equal((parse(render(config, { ruleFileNames: [] })) as Record<string, unknown>).rule_files, undefined);
  });
});

describe("renderPrometheusConfig: bad input", () => {
  const config = stack("dev");

  it("rejects a job name used twice, naming it", () => {
    const dup = [TARGETS[0]!, { ...TARGETS[1]!, job: "llm-exporter" }];
    assert.throws(() => render(config, { scrapeTargets: dup }), (e: unknown) => e instanceof ConfigError && /scrapeTargets\[3\] \(job "llm-exporter"\)\.job: duplicate/.test(e.message));
  });

  it("rejects a job that collides with a built-in one", () => {
    assert.throws(() => render(config, { scrapeTargets: [{ job: "prometheus", endpoint: { host: "x", port: 1 } }] }), /duplicate job name/);
  });

  it("rejects bad endpoints, paths, labels and rule file names with what is allowed", () => {
    const bad: ScrapeTarget[] = [
      { job: "Bad_Job", endpoint: { host: "h", port: 70000, portName: "way-too-long-port-name" }, metricsPath: "metrics", labels: { __x: "1" } },
      { job: "static", endpoint: { addresses: ["no-port"] } },
    ];
    assert.throws(() => render(config, { scrapeTargets: bad, ruleFileNames: ["../evil.yml"] }), (e: unknown) => {
      const m = (e as Error).message;
      return e instanceof ConfigError && [
        /\.job: expected lowercase letters/, /\.endpoint\.port = 70000: expected an integer 1-65535/, /\.endpoint\.portName = "way-too-long-port-name"/,
        /\.metricsPath = "metrics": expected a path starting with \//, /\.labels\.__x: expected a Prometheus label name/,
        /\.endpoint\.addresses: "no-port": expected host:port/, /ruleFiles: "\.\.\/evil\.yml": expected a file name/,
      ].every((re) => re.test(m));
    });
  });
});
