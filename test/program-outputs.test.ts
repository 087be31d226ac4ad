// index.ts is what `pulumi up` runs: its exports are the stack outputs. The engine warns about, and drops, an
// output whose value is undefined, so every export must have a value whatever the config switches off.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, resolve, settle } from "./helpers/pulumi-mocks";
import { readStackWithFixtureSecrets } from "../render/stack-input";

installMocks();

test("index.ts exports a value for every stack output, with the exporter switched off", async () => {
  const file = readStackWithFixtureSecrets(join(__dirname, "..", "stacks", "Pulumi.dev.yaml"));
  const exporter = { ...JSON.parse(file.config["llmobs:exporter"] ?? "{}"), enabled: false };
  pulumi.runtime.setAllConfig({ ...file.config, "llmobs:exporter": JSON.stringify(exporter) }, file.secretKeys);
  // Imported after the mocks and the config, as the engine would run it.
  const outputs = require("../index") as Record<string, unknown>;
  await settle();
  assert.deepEqual(Object.keys(outputs).sort(), ["alertmanagerUrl", "environment", "exporterUrl", "grafanaUrl", "namespace", "platform", "prometheusUrl"]);
  for (const [name, value] of Object.entries(outputs)) assert.notEqual(value, undefined, `output ${name} is undefined`);
  assert.equal(outputs.exporterUrl, null);
  assert.match(await resolve(outputs.prometheusUrl as pulumi.Output<string>), /^http:\/\/prometheus\./);
});
