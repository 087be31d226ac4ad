import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { check, configMap } from "../test/helpers/policy-resources";
import { resolvePolicies } from "./local-engine";
import { POLICIES } from "./pack";
import { exporterModelCap } from "./cardinality";

const configs = Object.fromEntries(
  readdirSync(join(__dirname, "config")).map((f) => [f.replace(/\.json$/, ""), JSON.parse(readFileSync(join(__dirname, "config", f), "utf8")) as Record<string, unknown>]),
);

test("policy configs: one per stack, each valid against the policies' schemas; advisory in local/dev, mandatory in staging/prod", () => {
  assert.deepEqual(Object.keys(configs).sort(), ["dev", "local", "prod", "staging"]);
  const expected: Record<string, string> = { local: "advisory", dev: "advisory", staging: "mandatory", prod: "mandatory" };
  for (const [stack, file] of Object.entries(configs)) {
    const resolved = resolvePolicies(POLICIES, file, "advisory");
    for (const p of POLICIES) assert.equal(resolved.get(p.name)!.level, expected[stack], `${stack}: ${p.name}`);
  }
});

test("policy configs: retention bounds tighten from dev to prod and contain each stack's own settings", () => {
  const bound = (stack: string, policy: string, key: string) => (configs[stack]![policy] as Record<string, number>)[key]!;
  assert.ok(bound("prod", "prometheus-retention", "minRetentionDays") > bound("dev", "prometheus-retention", "minRetentionDays"));
  assert.ok(bound("prod", "audit-log-retention", "minRetentionDays") >= 90);
});

test("the same violation is advisory in dev and mandatory in prod", async () => {
  const bad = [configMap("llm-exporter-env", { LLMOBS_MAX_MODEL_IDS: "500" })];
  const cap = async (file: Record<string, unknown>) => (await check(POLICIES, bad, file)).filter((v) => v.policy === exporterModelCap.name);
  const [dev] = await cap(configs.dev!);
  const [prod] = await cap(configs.prod!);
  assert.equal(dev!.level, "advisory");
  assert.equal(prod!.level, "mandatory");
  assert.equal(dev!.message, prod!.message);
  assert.equal((await cap({ ...configs.prod, "exporter-model-cap": "disabled" })).length, 0, "disabled policies do not run");
});

test("a bad policy config is refused with one line per problem naming the key, the value and what is allowed", () => {
  assert.throws(
    () => resolvePolicies(POLICIES, { all: "strict", "no-such-policy": "advisory", "scrape-limits": { maxSampleLimit: "many", maxLabels: 3 }, "exporter-model-cap": { maxModelIds: 500 } }, "advisory"),
    (e: Error) => {
      assert.match(e.message, /all = "strict": expected one of advisory, mandatory, remediate, disabled/);
      assert.match(e.message, /no-such-policy: no such policy/);
      assert.match(e.message, /scrape-limits\.maxSampleLimit = "many": expected an integer/);
      assert.match(e.message, /scrape-limits\.maxLabels: unknown setting; expected one of maxSampleLimit, maxLabelLimit/);
      assert.match(e.message, /exporter-model-cap\.maxModelIds = 500: expected at most 100/);
      return true;
    },
  );
});
