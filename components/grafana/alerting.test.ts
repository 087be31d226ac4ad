import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { installMocks, resetRecorded, resolve, settle } from "../../test/helpers/pulumi-mocks";
import { prometheusRuleSpecs } from "../../alerts";
import { ENVIRONMENTS, durationSeconds, loadStackConfig, type Environment, type StackConfig } from "../../config";
import { renderAlertmanagerConfig } from "../alertmanager";
import { Grafana, grafanaRuleGroups, grafanaTemplate, renderAlertingProvisioning } from ".";

const recorded = installMocks();

function stack(env: Environment, extra: Record<string, object | string> = {}): StackConfig {
  const raw = Object.entries(extra).map(([k, v]) => [`llmobs:${k}`, typeof v === "string" ? v : JSON.stringify(v)]);
  return loadStackConfig({ "llmobs:environment": env, ...Object.fromEntries(raw) }).config;
}

interface PromAlert { alert: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> }

/** Every alert as Prometheus loads it, by name. */
function prometheusAlerts(config: StackConfig): Map<string, PromAlert> {
  const rules = Object.values(prometheusRuleSpecs(config)).flatMap((d) => d.groups.flatMap((g) => g.rules as unknown as PromAlert[]));
  return new Map(rules.filter((r) => r.alert !== undefined).map((r) => [r.alert, r]));
}

function grafanaAlerts(config: StackConfig) {
  return new Map(grafanaRuleGroups(config).flatMap((g) => g.rules.map((r) => [r.title, r] as const)));
}

for (const env of ENVIRONMENTS) {
  describe(`Grafana-managed alerts mirror the Prometheus alerts (${env})`, () => {
    const config = stack(env);
    it("the same alert names, expressions (thresholds included), for:, labels and annotations", () => {
      const prom = prometheusAlerts(config);
      const graf = grafanaAlerts(config);
      assert.deepEqual([...graf.keys()].sort(), [...prom.keys()].sort());
      for (const [name, p] of prom) {
        const g = graf.get(name)!;
        assert.equal(g.data[0]!.model.expr, p.expr, `${name}: expression`);
        assert.equal(g.for, p.for ?? "0s", `${name}: for`);
        assert.deepEqual(g.labels, p.labels, `${name}: labels`);
        assert.deepEqual(g.annotations, Object.fromEntries(Object.entries(p.annotations).map(([k, v]) => [k, grafanaTemplate(v)])), `${name}: annotations`);
        assert.ok(g.uid.length <= 40, `${name}: uid ${g.uid} longer than Grafana allows`);
      }
      assert.equal(new Set([...graf.values()].map((r) => r.uid)).size, graf.size, "rule uids are unique");
    });
  });
}

describe("one source, two targets", () => {
  it("a changed threshold and for: change both the Prometheus and the Grafana rule", () => {
    const tuned = stack("dev", { alerts: { thresholds: { errorRateCritical: 0.27, errorRateCriticalFor: "7m" } } });
    const p = prometheusAlerts(tuned).get("CriticalErrorRate")!;
    const g = grafanaAlerts(tuned).get("CriticalErrorRate")!;
    assert.match(p.expr, /> 0\.27\b/);
    assert.equal(g.data[0]!.model.expr, p.expr);
    assert.equal(p.for, "7m");
    assert.equal(g.for, "7m");
  });

  it("disabled alerts are left out of both", () => {
    const config = stack("dev", { alerts: { disabled: ["LowThroughput"] } });
    assert.ok(!prometheusAlerts(config).has("LowThroughput"));
    assert.ok(!grafanaAlerts(config).has("LowThroughput"));
  });

  it("$value maps to the reduced value; labels and functions stay", () => {
    assert.equal(grafanaTemplate("{{ $value | humanizePercentage }} on {{ $labels.model_id }}"), "{{ $values.B.Value | humanizePercentage }} on {{ $labels.model_id }}");
  });
});

describe("the provisioning file", () => {
  const config = stack("prod", { grafana: { alerting: true } });
  const doc = parse(renderAlertingProvisioning(config));
  const am = parse(renderAlertmanagerConfig(config.alertmanager));

  it("puts every group in the dashboards' folder at its Prometheus group's interval", () => {
    const intervals = new Map(Object.values(prometheusRuleSpecs(config)).flatMap((d) => d.groups.map((g) => [g.name, g.interval ?? config.prometheus.evaluationInterval])));
    for (const g of doc.groups) {
      assert.equal(g.folder, config.grafana.folder);
      assert.equal(durationSeconds(g.interval), durationSeconds(intervals.get(g.name)!), g.name);
    }
    // The SLO alerts run at prometheus.windowedRulesInterval, the rest at the evaluation interval.
    assert.equal(doc.groups.find((g: { name: string }) => g.name === "slo-alerts").interval, "60s");
    assert.equal(doc.groups.find((g: { name: string }) => g.name === "llm-alerts").interval, "15s");
    assert.deepEqual(doc.groups.flatMap((g: { rules: { title: string }[] }) => g.rules.map((r) => r.title)).sort(), [...prometheusAlerts(config).keys()].sort());
  });

  it("notifies through the stack's Alertmanager, grouped and timed as its root route", () => {
    assert.deepEqual(doc.contactPoints[0].receivers.map((r: { type: string; settings: { url: string } }) => [r.type, r.settings.url]), [["prometheus-alertmanager", "http://alertmanager:9093"]]);
    const [policy] = doc.policies;
    assert.equal(policy.receiver, doc.contactPoints[0].name);
    assert.deepEqual(policy.group_by, am.route.group_by);
    assert.equal(policy.group_wait, am.route.group_wait);
    assert.equal(policy.group_interval, am.route.group_interval);
    assert.equal(policy.repeat_interval, am.route.repeat_interval);
  });
});

describe("the Grafana component with grafana.alerting", () => {
  async function build(config: StackConfig, token?: string) {
    resetRecorded();
    const g = new Grafana("grafana", { config, namespace: "llmobs", adminPassword: "pw-1", elasticsearchPassword: "es-pw-1", apiToken: token });
    await resolve(g.url);
    await settle();
    return [...recorded];
  }

  it("deploy mode provisions the alerting file next to the datasources", async () => {
    const resources = await build(stack("dev", { grafana: { alerting: true } }));
    const cms = resources.filter((r) => r.type === "kubernetes:core/v1:ConfigMap").map((r) => r.inputs as { data: Record<string, string> });
    assert.ok(cms.some((cm) => "alerting_alerting.yaml" in cm.data));
    const off = await build(stack("dev"));
    assert.ok(!off.filter((r) => r.type === "kubernetes:core/v1:ConfigMap").some((r) => "alerting_alerting.yaml" in (r.inputs as { data: object }).data));
  });

  it("external mode declares rule groups, the contact point and the notification policy through the API", async () => {
    const config = stack("prod", { grafana: { mode: "external", url: "https://grafana.example.com", alerting: true }, grafanaApiToken: "tok-1" });
    const resources = await build(config, "tok-1");
    const groups = resources.filter((r) => r.type === "grafana:alerting/ruleGroup:RuleGroup").map((r) => r.inputs as { name: string; rules: { name: string; datas: { model: string }[] }[] });
    assert.deepEqual(groups.map((g) => g.name).sort(), grafanaRuleGroups(config).map((g) => g.name).sort());
    const crit = groups.flatMap((g) => g.rules).find((r) => r.name === "CriticalErrorRate")!;
    assert.equal(JSON.parse(crit.datas[0]!.model).expr, prometheusAlerts(config).get("CriticalErrorRate")!.expr);
    const [cp] = resources.filter((r) => r.type === "grafana:alerting/contactPoint:ContactPoint").map((r) => r.inputs as { alertmanagers: { url: string }[] });
    assert.equal(cp?.alertmanagers[0]?.url, "http://alertmanager.llmobs.svc:9093");
    assert.equal(resources.filter((r) => r.type === "grafana:alerting/notificationPolicy:NotificationPolicy").length, 1);
  });
});
