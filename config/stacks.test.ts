import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENTS, loadStackConfig, readStackFile, secretsToSet, type LoadedConfig, type StackConfig } from "./index";
import { readStackWithFixtureSecrets } from "../render/stack-input";

const STACKS = join(__dirname, "..", "stacks");
const load = (stack: string): LoadedConfig => {
  const file = readStackWithFixtureSecrets(join(STACKS, `Pulumi.${stack}.yaml`));
  return loadStackConfig(file.config, { secretKeys: file.secretKeys });
};
const stacks = Object.fromEntries(ENVIRONMENTS.map((s) => [s, load(s).config])) as Record<(typeof ENVIRONMENTS)[number], StackConfig>;

test("there is one stack file per environment, and each names its own environment", () => {
  const files = readdirSync(STACKS).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).sort();
  assert.deepEqual(files, ENVIRONMENTS.map((e) => `Pulumi.${e}.yaml`).sort());
  for (const env of ENVIRONMENTS) assert.equal(stacks[env].environment, env);
});

test("no stack file holds ciphertext or a salt that no key opens", () => {
  for (const env of ENVIRONMENTS) {
    const text = readFileSync(join(STACKS, `Pulumi.${env}.yaml`), "utf8");
    assert.doesNotMatch(text, /^\s*(secure:|encryptionsalt:)/m, `${env}: commit plain config only; secrets are set with pulumi config set --secret`);
    assert.deepEqual(readStackFile(join(STACKS, `Pulumi.${env}.yaml`)).secretKeys, [], env);
  }
});

test("the README's deploy steps set every secret each stack needs, for that stack", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  for (const env of ENVIRONMENTS) {
    const block = new RegExp(`\\*\\*${env}\\*\\*[^\\n]*\\n\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1];
    assert.ok(block, `README has no deploy steps for ${env}`);
    assert.match(block, new RegExp(`^pulumi stack init ${env} `, "m"));
    for (const k of secretsToSet(stacks[env])) {
      assert.match(block, new RegExp(`^pulumi config set --secret llmobs:${k} .* -s ${env}$`, "m"), `${env}: ${k} is needed but the README does not set it`);
    }
  }
});

test("local runs on Docker in front of the simulator, with nothing paging", () => {
  const c = stacks.local;
  assert.equal(c.platform, "docker");
  assert.deepEqual(c.exporter.upstreams.map((u) => [u.name, u.url]), [["simulator", "http://simulator:8000"]]);
  assert.deepEqual(c.alertmanager.receivers, {});
  assert.equal(c.prometheus.scrapeInterval, "5s");
  assert.equal(c.gpu.enabled, false);
});

test("dev is a small Kubernetes stack that alerts to Slack only", () => {
  const c = stacks.dev;
  assert.equal(c.platform, "kubernetes");
  assert.deepEqual(Object.keys(c.alertmanager.receivers), ["slack"]);
  assert.equal(c.prometheus.replicas, 1);
  assert.equal(c.alertmanager.replicas, 1);
});

test("prod is HA, keeps 30 days, pages, and writes to long-term storage", () => {
  const c = stacks.prod;
  assert.equal(c.prometheus.replicas, 2);
  assert.equal(c.alertmanager.replicas, 3);
  assert.ok(c.exporter.replicas >= 2);
  assert.equal(c.prometheus.retentionTime, "30d");
  assert.ok(c.prometheus.storage.enabled && c.alertmanager.storage.enabled);
  assert.deepEqual(Object.keys(c.alertmanager.receivers).sort(), ["email", "pagerduty", "slack"]);
  assert.equal(c.prometheus.remoteWrite.length, 1);
  assert.equal(c.logging.elasticsearch.replicas, 3);
  assert.equal(c.tracing.backend, "elasticsearch");
});

test("prod routes models to a vLLM and a TGI upstream, with a TTFT override for the big model", () => {
  const c = stacks.prod;
  assert.deepEqual(c.exporter.upstreams.map((u) => u.backend).sort(), ["tgi", "vllm"]);
  assert.equal(c.exporter.upstreams.filter((u) => u.default).length, 1);
  const big = c.alerts.modelOverrides["llama-3.1-70b-instruct"];
  assert.ok(big?.ttftP95WarningMs !== undefined && big.ttftP95WarningMs > c.alerts.thresholds.ttftP95WarningMs);
  assert.equal(c.alerts.gpuMemoryPreallocated, true);
});

test("staging has prod's shape at a smaller size", () => {
  const [s, p] = [stacks.staging, stacks.prod];
  assert.deepEqual(s.exporter.upstreams.map((u) => [u.name, u.models]), p.exporter.upstreams.map((u) => [u.name, u.models]));
  assert.ok(s.prometheus.replicas > 1, "staging is HA too");
  assert.ok(s.prometheus.storage.sizeGb < p.prometheus.storage.sizeGb);
  assert.ok(s.exporter.replicas < p.exporter.replicas);
  assert.ok(!("pagerduty" in s.alertmanager.receivers), "staging does not page");
});
