// What a config change does under the real engine, judged from the resources it declares before and after. The
// Kubernetes provider replaces a ConfigMap or Secret on any data change; a fixed name forces delete-before-create,
// which drags along whatever references it. These cases prove that each everyday change (an alert threshold, a
// receiver, a credential, a scrape setting) only swaps auto-named config objects and updates the workloads that
// mount them in place (a rolling update), and never touches a field that would make the engine replace a workload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, resetRecorded, settle, type RecordedResource } from "./helpers/pulumi-mocks";
import { readStackWithFixtureSecrets } from "../render/stack-input";
import { deepMerge } from "../config";

const recorded = installMocks();
const { buildProgram } = require("../program") as typeof import("../program");

const WORKLOADS = new Set(["StatefulSet", "Deployment", "DaemonSet"]);
const CONFIG_OBJECTS = new Set(["ConfigMap", "Secret"]);

/** The stack's resources by `type::logical name`, built from its stack file with `change` applied to its config. */
async function declared(stack: string, change: (flat: Record<string, string>) => Record<string, string>): Promise<Map<string, RecordedResource>> {
  resetRecorded();
  const file = readStackWithFixtureSecrets(join(__dirname, "..", "stacks", `Pulumi.${stack}.yaml`));
  const flat = change({ ...file.config });
  pulumi.runtime.setAllConfig(flat, file.secretKeys);
  buildProgram(flat, file.secretKeys);
  await settle();
  return new Map(recorded.map((r) => [`${r.type}::${r.name}`, r]));
}

/** Paths (`spec.template.spec.volumes[1].configMap.name`) at which two JSON values differ. */
function changedPaths(a: unknown, b: unknown, at = ""): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [at];
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  return [...keys].flatMap((k) => changedPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k));
}

/**
 * Where a workload may change when only its config changed: the reference to a mounted object (its new auto-name)
 * and the config checksum annotation. Anything else in a StatefulSet's spec outside the template would be
 * immutable (serviceName, selector, volumeClaimTemplates, podManagementPolicy), forcing a replacement.
 */
const ALLOWED_WORKLOAD_CHANGE = [
  /^spec\.template\.metadata\.annotations\.llmobs\.io\/config-checksum$/,
  /^spec\.template\.spec\.volumes\[\d+\]\.(configMap\.name|secret\.secretName)$/,
  /^spec\.template\.spec\.containers\[\d+\]\.envFrom\[\d+\]\.(configMapRef|secretRef)\.name$/,
  /^spec\.template\.spec\.containers\[\d+\]\.env\[\d+\]\.valueFrom\.(configMapKeyRef|secretKeyRef)\.name$/,
];

const kindOf = (r: RecordedResource) => String(r.inputs.kind ?? r.type);
const nameOf = (r: RecordedResource) => (r.inputs.metadata as { name?: string } | undefined)?.name;

const setSection = (key: string, patch: unknown) => (flat: Record<string, string>) => ({
  ...flat, [key]: JSON.stringify(deepMerge(flat[key] === undefined ? {} : JSON.parse(flat[key]!), patch)),
});

const cases: { stack: string; what: string; change: (flat: Record<string, string>) => Record<string, string>; changes: string[] }[] = [
  // A threshold is also a dashboard's threshold line: Prometheus' rules and Grafana's dashboards both roll.
  { stack: "dev", what: "one alert threshold", change: setSection("llmobs:alerts", { thresholds: { errorRateWarning: 0.04 } }), changes: ["ConfigMap", "Deployment", "StatefulSet"] },
  { stack: "prod", what: "one alert threshold", change: setSection("llmobs:alerts", { thresholds: { errorRateWarning: 0.04 } }), changes: ["ConfigMap", "Deployment", "StatefulSet"] },
  { stack: "dev", what: "the Slack channel", change: setSection("llmobs:alertmanager", { receivers: { slack: { channel: "#llm-alerts-new" } } }), changes: ["Secret", "StatefulSet"] },
  { stack: "prod", what: "the Slack webhook URL (a secret)", change: (f) => ({ ...f, "llmobs:slackWebhookUrl": "https://hooks.slack.com/services/T1/B2/rotated" }), changes: ["Secret", "StatefulSet"] },
  { stack: "prod", what: "the exporter token (rotated)", change: (f) => ({ ...f, "llmobs:exporterApiToken": "rotated-token" }), changes: ["Secret", "Deployment"] },
  { stack: "staging", what: "an exporter setting", change: setSection("llmobs:exporter", { maxModelIds: 50 }), changes: ["ConfigMap", "Deployment"] },
  // The exporter polls its backends at the scrape interval, so its environment changes too.
  { stack: "prod", what: "the scrape interval", change: setSection("llmobs:prometheus", { scrapeInterval: "30s" }), changes: ["ConfigMap", "Deployment", "StatefulSet"] },
];

for (const c of cases) {
  test(`${c.stack}: changing ${c.what} swaps auto-named config objects and rolls, never replaces, a workload`, async () => {
    const before = await declared(c.stack, (f) => f);
    const after = await declared(c.stack, c.change);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), "the change added or removed resources");

    const changedKinds = new Set<string>();
    for (const [key, a] of before) {
      const b = after.get(key)!;
      const paths = changedPaths(a.inputs, b.inputs);
      if (paths.length === 0) continue;
      const kind = kindOf(a);
      changedKinds.add(kind);
      if (CONFIG_OBJECTS.has(kind)) {
        // Created under a new name before the old one is deleted: only possible without a fixed name.
        assert.notEqual(nameOf(b), nameOf(a), `${key}: a ${kind} with a fixed name (${nameOf(a)}) would be deleted before its replacement is created`);
      } else if (WORKLOADS.has(kind)) {
        const unexpected = paths.filter((p) => !ALLOWED_WORKLOAD_CHANGE.some((re) => re.test(p)));
        assert.deepEqual(unexpected, [], `${key}: fields other than mounted-object names and the checksum changed`);
      } else if (!key.startsWith("llmobs:")) {
        assert.fail(`${key} (${kind}) changed at ${paths.join(", ")}: expected only config objects and the workloads that mount them`);
      }
    }
    assert.deepEqual([...changedKinds].filter((k) => !k.startsWith("llmobs:")).sort(), [...c.changes].sort());
  });
}
