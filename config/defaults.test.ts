import { test } from "node:test";
import assert from "node:assert/strict";
import { deepMerge, environmentDefaults } from "./index";

const MERGES: [name: string, base: unknown, override: unknown, expected: unknown][] = [
  ["objects merge key by key", { a: 1, b: { c: 2, d: 3 } }, { b: { d: 4 } }, { a: 1, b: { c: 2, d: 4 } }],
  ["arrays replace, never concatenate", { list: [1, 2, 3] }, { list: [9] }, { list: [9] }],
  ["an empty array clears the default", { list: [1] }, { list: [] }, { list: [] }],
  ["scalars replace", { a: "x" }, { a: "y" }, { a: "y" }],
  ["undefined keeps the base", { a: 1 }, { a: undefined }, { a: 1 }],
  ["a scalar may replace an object (and fails validation later)", { a: { b: 1 } }, { a: "text" }, { a: "text" }],
  ["new keys are added", { a: 1 }, { z: 2 }, { a: 1, z: 2 }],
];

for (const [name, base, override, expected] of MERGES) {
  test(`deepMerge: ${name}`, () => assert.deepEqual(deepMerge(base, override), expected));
}

test("deepMerge does not mutate its inputs", () => {
  const base = { a: { b: 1 } };
  deepMerge(base, { a: { b: 2 } });
  assert.deepEqual(base, { a: { b: 1 } });
});

test("prod defaults are the HA, long-retention variant of dev", () => {
  const dev = environmentDefaults("dev");
  const prod = environmentDefaults("prod");
  assert.ok(prod.prometheus.replicas > dev.prometheus.replicas);
  assert.equal(prod.alertmanager.replicas, 3);
  assert.equal(prod.logging.elasticsearch.replicas, 3);
  assert.equal(prod.tracing.backend, "elasticsearch");
  assert.ok(prod.exporter.traceSampleRatio < dev.exporter.traceSampleRatio);
});

test("environmentDefaults returns a fresh object each time", () => {
  const a = environmentDefaults("dev");
  a.prometheus.scrapeLimits.sampleLimit = 1;
  assert.notEqual(environmentDefaults("dev").prometheus.scrapeLimits.sampleLimit, 1);
});
