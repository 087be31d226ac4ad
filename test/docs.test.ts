import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generatedDocs, renderConfigurationReference, renderMetricsReference } from "../scripts/gen-docs";
import { ALL_METRICS } from "../catalog";
import { SECRET_KEYS, configSchema, type SchemaNode } from "../config";

const root = join(__dirname, "..");

for (const [path, expected] of generatedDocs()) {
  test(`${path} is up to date with its generator`, () => {
    let committed = "";
    try {
      committed = readFileSync(join(root, path), "utf8");
    } catch {
      assert.fail(`${path} is missing: run \`npm run docs\``);
    }
    assert.ok(committed === expected, `${path} differs from what the generator produces: run \`npm run docs\``);
  });
}

test("the metrics reference lists every catalog family with its type, unit and labels", () => {
  const doc = renderMetricsReference();
  for (const m of ALL_METRICS) {
    const line = doc.split("\n").find((l) => l.startsWith(`| \`${m.name}\` |`));
    assert.ok(line, `${m.name} missing`);
    assert.ok(line.includes(` | ${m.type} | ${m.unit} | `), `${m.name}: type/unit`);
    for (const l of m.labels) assert.ok(line.includes(`\`${l}\``), `${m.name}: label ${l}`);
    if (m.buckets) assert.ok(line.includes(m.buckets.join(", ")), `${m.name}: buckets`);
  }
});

test("the metrics reference groups families by who emits them", () => {
  const doc = renderMetricsReference();
  const exporterAt = doc.indexOf("## LLM metrics exporter");
  const nodeAt = doc.indexOf("## Node exporter");
  assert.ok(exporterAt >= 0 && nodeAt > exporterAt);
  assert.ok(doc.indexOf("`llm_first_token_latency_ms`") < nodeAt);
  assert.ok(doc.indexOf("`node_cpu_seconds_total`") > nodeAt);
});

/** Every key path of the schema, as the reference writes it. */
function keys(node: SchemaNode, prefix: string): string[] {
  const props = node.type === "array" ? node.items?.properties : node.properties;
  const at = node.type === "array" ? `${prefix}[]` : prefix;
  return [prefix, ...Object.entries(props ?? {}).flatMap(([k, n]) => keys(n, `${at}.${k}`))];
}

test("the configuration reference has a described row for every key and every secret", () => {
  const doc = renderConfigurationReference();
  const rows = doc.split("\n").filter((l) => l.startsWith("| `llmobs:"));
  for (const [top, node] of Object.entries(configSchema().properties ?? {})) {
    for (const key of keys(node, `llmobs:${top}`)) {
      const row = rows.find((r) => r.startsWith(`| \`${key}\` |`));
      if (key === `llmobs:${top}` && node.properties) continue; // a section is a heading, not a row
      assert.ok(row, `no row for ${key}`);
      const description = row.split(" | ")[2] ?? "";
      assert.ok(description.trim().length > 0, `${key} has no description`);
    }
  }
  for (const k of SECRET_KEYS) assert.ok(rows.some((r) => r.startsWith(`| \`llmobs:${k}\` |`)), `secret ${k} missing`);
});

test("the configuration reference shows each environment's default", () => {
  const row = renderConfigurationReference().split("\n").find((l) => l.startsWith("| `llmobs:prometheus.retentionTime` |"));
  assert.ok(row?.endsWith("| `2d` | `7d` | `15d` | `30d` |"), row);
});
