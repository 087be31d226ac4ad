import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, formatConfigError, loadStackConfig, parseStackFile, readStackFile } from "./index";

const FIXTURE = `
encryptionsalt: v1:K7cqBa/pD7k=:v1:Qte2Lq+RTPSnz8wD:j0aDmBuPbnlVLIAYkobn1v3qWZ0=
config:
  kubernetes:context: kind-llm
  llmobs:environment: dev
  llmobs:cluster: "007"
  llmobs:prometheus:
    replicas: 1
    retentionTime: 3d
  llmobs:exporter:
    proxyAuth: true
    traceSampleRatio: 0.5
  llmobs:exporterApiToken:
    secure: v1:TWKxrVAti4Uh1mlq:GIN+Kz/r4K292WPVqVWXY75zBcRbIIryaWH2YmgPR0N/rnb3ghQzxA==
  llmobs:alertmanager:
    receivers:
      slack:
        channel: "#llm"
  llmobs:slackWebhookUrl:
    secure: v1:PCBT2TY96kuzVwRi:8oXibA9HgDb8jbOxr6f7C5k9Iy92fQ6Vc3uMpL9Cy+JKcSon5G2HZiZ/MQ==
  other:nested:
    token:
      secure: v1:abc:def
    plain: 1
  other:flag: true
`;

test("readStackFile flattens config the way pulumi.runtime.allConfig() does", () => {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-stack-"));
  try {
    writeFileSync(join(dir, "Pulumi.dev.yaml"), FIXTURE);
    const { config, secretKeys } = readStackFile(join(dir, "Pulumi.dev.yaml"));
    assert.deepEqual(config, {
      "kubernetes:context": "kind-llm",
      "llmobs:environment": "dev",
      "llmobs:cluster": "007",
      "llmobs:prometheus": '{"replicas":1,"retentionTime":"3d"}',
      "llmobs:exporter": '{"proxyAuth":true,"traceSampleRatio":0.5}',
      "llmobs:exporterApiToken": "[secret llmobs:exporterApiToken]",
      "llmobs:alertmanager": '{"receivers":{"slack":{"channel":"#llm"}}}',
      "llmobs:slackWebhookUrl": "[secret llmobs:slackWebhookUrl]",
      "other:nested": '{"token":"[secret other:nested]","plain":1}',
      "other:flag": "true",
    });
    assert.deepEqual(secretKeys, ["llmobs:exporterApiToken", "llmobs:slackWebhookUrl", "other:nested"]);
    assert.ok(!JSON.stringify(config).includes("v1:"), "no ciphertext reaches the program");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a read stack file loads, with its placeholders as the secret values", () => {
  const { config, secretKeys } = parseStackFile(FIXTURE, "fixture");
  const loaded = loadStackConfig(config, { secretKeys });
  assert.equal(loaded.config.cluster, "007");
  assert.equal(loaded.secrets.slackWebhookUrl, "[secret llmobs:slackWebhookUrl]");
});

const BROKEN: [name: string, text: string, expected: RegExp][] = [
  ["invalid YAML", "config:\n  llmobs:environment: [dev\n", /^broken.yaml: not valid YAML: /],
  ["config not a map", "config: [a, b]\n", /^broken.yaml: expected a YAML map with a `config:` map/],
  ["key without namespace", "config:\n  environment: dev\n", /^broken.yaml: config key "environment": expected a namespaced key like llmobs:environment$/],
];

for (const [name, text, expected] of BROKEN) {
  test(`parseStackFile rejects ${name} with one line and no stack trace`, () => {
    assert.throws(() => parseStackFile(text, "broken.yaml"), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.problems.length, 1);
      assert.match(e.problems[0]!, expected);
      assert.doesNotMatch(formatConfigError(e), /^\s*at /m);
      return true;
    });
  });
}

test("an empty stack file has no config", () => {
  assert.deepEqual(parseStackFile("", "empty.yaml"), { config: {}, secretKeys: [] });
});

test("a missing stack file is a ConfigError naming the path", () => {
  assert.throws(() => readStackFile("/nonexistent/Pulumi.x.yaml"), /\/nonexistent\/Pulumi\.x\.yaml: cannot read the stack file \(ENOENT\)/);
});
