import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ENVIRONMENTS, deepMerge, environmentDefaults, type StackConfig } from "../../config";
import { FLUENTD_PASSWORD_ENV, renderFluentConf, type FluentSource } from "./fluent-conf";
import { parseFluentConf, type FluentDirective } from "./fluent-conf-parse";
import { FLUENTD_STATE_DIR } from "./names";

const kubernetes: FluentSource = { platform: "kubernetes", namespace: "llmobs", stateDir: FLUENTD_STATE_DIR };
const docker: FluentSource = { platform: "docker", namespace: "llmobs", stateDir: FLUENTD_STATE_DIR };

function all(ds: FluentDirective[], name: string): FluentDirective[] {
  return ds.flatMap((d) => [...(d.name === name ? [d] : []), ...all(d.children, name)]);
}

/** The buffer section seed 003 asks for, with the stack's limits. */
function assertBuffer(match: FluentDirective, c: StackConfig, stateDir: string): void {
  const buffers = match.children.filter((d) => d.name === "buffer");
  assert.equal(buffers.length, 1, `<match ${match.arg}> of line ${match.line} has one <buffer>`);
  const f = c.logging.fluentd;
  assert.deepEqual(
    { ...buffers[0]!.params },
    {
      "@type": "file", path: `${stateDir}/buffer/elasticsearch`, flush_mode: "interval", flush_interval: f.flushInterval, flush_thread_count: "2",
      retry_type: "exponential_backoff", retry_forever: "true", retry_max_interval: f.retryMaxInterval,
      chunk_limit_size: `${f.chunkLimitMb}M`, total_limit_size: `${f.totalLimitMb}M`, overflow_action: f.overflowAction,
    },
  );
}

describe("fluent.conf", () => {
  for (const env of ENVIRONMENTS) {
    it(`${env}: parses, and every <match> ships through a file buffer with the configured limits`, () => {
      const c = environmentDefaults(env);
      const tree = parseFluentConf(renderFluentConf({ logging: c.logging, source: kubernetes }));
      const matches = all(tree, "match");
      assert.ok(matches.length > 0);
      for (const m of matches) {
        assertBuffer(m, c, FLUENTD_STATE_DIR);
        assert.equal(m.params["@type"], "elasticsearch");
        // The password is read from the environment when Fluentd starts; nothing else may stand there.
        assert.equal(m.params.password, `"#{ENV['${FLUENTD_PASSWORD_ENV}']}"`);
        assert.equal(m.params.logstash_prefix, "llmobs-logs");
      }
      // Every tagged directive follows the tail source's tag.
      const tag = all(tree, "source").find((s) => s.params["@type"] === "tail")!.params.tag;
      assert.equal(tag, "kubernetes.*");
      for (const d of [...all(tree, "filter"), ...matches]) assert.equal(d.arg, "kubernetes.**");
    });
  }

  it("takes the buffer limits, flush, retry and overflow from the config", () => {
    const c = deepMerge(environmentDefaults("prod"), {
      logging: { fluentd: { flushInterval: "10s", retryMaxInterval: "2m", chunkLimitMb: 8, totalLimitMb: 4096, overflowAction: "block" } },
    }) as StackConfig;
    const tree = parseFluentConf(renderFluentConf({ logging: c.logging, source: kubernetes }));
    for (const m of all(tree, "match")) assertBuffer(m, c, FLUENTD_STATE_DIR);
  });

  it("reads CRI or Docker JSON container logs by config, and parses JSON application lines from the right field", () => {
    const base = environmentDefaults("dev");
    const cri = parseFluentConf(renderFluentConf({ logging: base.logging, source: kubernetes }));
    const tail = (t: FluentDirective[]) => all(t, "source").find((s) => s.params["@type"] === "tail")!;
    assert.equal(tail(cri).children[0]!.params["@type"], "cri");
    assert.ok(all(cri, "filter").some((f) => f.params["@type"] === "concat"), "CRI partial lines are joined");
    const jsonConfig = deepMerge(base, { logging: { fluentd: { containerLogFormat: "json" } } }) as StackConfig;
    const json = parseFluentConf(renderFluentConf({ logging: jsonConfig.logging, source: kubernetes }));
    assert.equal(tail(json).children[0]!.params["@type"], "json");
    const parser = (t: FluentDirective[]) => all(t, "filter").find((f) => f.params["@type"] === "parser")!;
    assert.equal(parser(cri).params.key_name, "message");
    assert.equal(parser(json).params.key_name, "log");
    for (const t of [cri, json]) {
      assert.equal(parser(t).params.reserve_data, "true", "non-JSON lines keep their fields");
      assert.equal(parser(t).children[0]!.params["@type"], "json");
      assert.ok(all(t, "filter").some((f) => f.params["@type"] === "kubernetes_metadata"), "pod metadata");
    }
  });

  it("on Docker tails the engine's json-file logs, without Kubernetes metadata", () => {
    const c = environmentDefaults("local");
    const tree = parseFluentConf(renderFluentConf({ logging: c.logging, source: docker }));
    const tail = all(tree, "source").find((s) => s.params["@type"] === "tail")!;
    assert.equal(tail.params.path, "/var/lib/docker/containers/*/*-json.log");
    assert.ok(!all(tree, "filter").some((f) => f.params["@type"] === "kubernetes_metadata"));
    for (const m of all(tree, "match")) assertBuffer(m, c, FLUENTD_STATE_DIR);
  });

  it("serves Fluentd's metrics for Prometheus and does not ship its own log lines", () => {
    const tree = parseFluentConf(renderFluentConf({ logging: environmentDefaults("prod").logging, source: kubernetes }));
    assert.ok(all(tree, "source").some((s) => s.params["@type"] === "prometheus" && s.params.port === "24231"));
    const tail = all(tree, "source").find((s) => s.params["@type"] === "tail")!;
    assert.equal(tail.params.exclude_path, '["/var/log/containers/fluentd-*_llmobs_*.log"]');
  });

  it("the parser rejects unbalanced or mismatched sections, naming the line", () => {
    assert.throws(() => parseFluentConf("<match a>\n  @type stdout\n"), /<match> of line 1 is never closed/);
    assert.throws(() => parseFluentConf("<match a>\n</filter>\n"), /line 2: <\/filter> closes <match> of line 1/);
    assert.throws(() => parseFluentConf("@type stdout\n"), /line 1: .*expected <section>/);
  });
});
