import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parser } from "@prometheus-io/lezer-promql";
import { ALL_METRICS, findMetric } from "../catalog";
import { isAlert, ruleGroups } from "../alerts";
import { UNBOUNDED_LABEL_NAMES } from "../components/prometheus";
import { grafanaDatasources } from "../components/grafana";
import { configFor } from "../alerts/test/configs";
import { parsePromql } from "../alerts/test/promql-parse";
import type { Environment } from "../config";
import { dashboardFiles, dashboardQueries, dashboards, dashboardSpecs, substituteVariables } from ".";
import { usedVariables } from "./inspect";

const ENVIRONMENTS: Environment[] = ["local", "dev", "staging", "prod"];
const BUILTINS = { rateInterval: "1m", interval: "15s", rangeSeconds: 3600 };
/** A stand-in for every dashboard variable: a multi-value regex, to exercise the `(a|b)` form Grafana sends. */
const SAMPLE = (name: string) => (name === "datasource" ? "prometheus" : ["sample-a", "sample-b"]);

/** Labels a recording rule adds or keeps beside the catalog's (`source`, `slo`) and target labels Prometheus adds. */
const EXTRA_LABELS = new Set(["source", "slo", "instance", "job", "le", "model_id", "mode", "provider"]);
const CATALOG_LABELS = new Set(ALL_METRICS.flatMap((m) => m.labels));

function groupingLabels(expr: string): string[] {
  const out: string[] = [];
  parser.parse(expr).iterate({
    enter: (n) => {
      if (n.name === "LabelName" && n.node.parent?.name === "GroupingLabels") out.push(expr.slice(n.from, n.to));
    },
  });
  return out;
}

for (const env of ENVIRONMENTS) {
  describe(`dashboards (${env})`, () => {
    const config = configFor(env);
    const all = dashboards(config);
    const queries = all.flatMap(dashboardQueries);
    const recorded = new Set(ruleGroups(config).flatMap((g) => g.rules.filter((r) => !isAlert(r)).map((r) => (r as { record: string }).record)));
    const where = (q: (typeof queries)[number]) => `${q.dashboard} / ${q.source}: ${q.expr}`;

    it("has unique, stable uids and every panel a title, description, unit and thresholds", () => {
      assert.equal(new Set(all.map((d) => d.uid)).size, all.length);
      for (const d of all) {
        assert.match(d.uid ?? "", /^llmobs-[a-z0-9-]+$/);
        for (const p of d.panels ?? []) {
          const panel = p as { title?: string; description?: string; fieldConfig?: { defaults?: { unit?: string; thresholds?: { steps?: unknown[] } } } };
          assert.ok(panel.title, `${d.title}: a panel without title`);
          assert.ok(panel.description, `${d.title} / ${panel.title}: no description`);
          assert.ok(panel.fieldConfig?.defaults?.unit, `${d.title} / ${panel.title}: no unit`);
          assert.ok((panel.fieldConfig?.defaults?.thresholds?.steps ?? []).length > 0, `${d.title} / ${panel.title}: no thresholds`);
        }
      }
    });

    it("every panel, variable and annotation query parses as PromQL after variable substitution", () => {
      assert.ok(queries.length > 100);
      for (const q of queries) {
        const vars = Object.fromEntries(usedVariables(q.expr).map((n) => [n, SAMPLE(n)]));
        const expr = substituteVariables(q.expr, vars, BUILTINS);
        assert.doesNotMatch(expr, /\$/, `unsubstituted variable in ${where(q)}`);
        assert.deepEqual(parsePromql(expr).errors, [], where(q));
      }
    });

    it("names only metrics the catalog lists or a recording rule of this stack produces", () => {
      for (const q of queries) {
        for (const name of parsePromql(substituteVariables(q.expr, {}, BUILTINS).replace(/\$\w+/g, "x")).metrics) {
          assert.ok(findMetric(name) !== undefined || recorded.has(name), `${name} is neither in the catalog nor recorded: ${where(q)}`);
        }
      }
    });

    it("declares every variable it uses and uses every variable it declares", () => {
      for (const d of all) {
        const declared = new Set((d.templating?.list ?? []).map((v) => v.name));
        const dq = dashboardQueries(d);
        const used = new Set([...dq.flatMap((q) => [...usedVariables(q.expr), ...usedVariables(q.datasource)])]);
        for (const u of used) assert.ok(declared.has(u), `${d.title}: $${u} is used but not declared`);
        for (const v of declared) assert.ok(used.has(v), `${d.title}: $${v} is declared but never used`);
      }
    });

    it("sends every query to a datasource the stack provisions (or a datasource variable of type prometheus)", () => {
      const provisioned = new Map(grafanaDatasources(config).map((ds) => [ds.uid, ds.type]));
      for (const d of all) {
        const variables = new Map((d.templating?.list ?? []).map((v) => [v.name, v]));
        for (const q of dashboardQueries(d)) {
          const ref = /^\$\{(\w+)\}$/.exec(q.datasource)?.[1];
          if (ref !== undefined) {
            const v = variables.get(ref);
            assert.equal(v?.type, "datasource", `${where(q)}: \${${ref}} is not a datasource variable`);
            assert.equal(v?.query, "prometheus");
            assert.equal(provisioned.get(String((v?.current as { value?: string } | undefined)?.value)), "prometheus", `${d.title}: default of $${ref}`);
          } else {
            assert.equal(provisioned.get(q.datasource), "prometheus", `${where(q)}: datasource uid ${q.datasource} is not a provisioned Prometheus`);
          }
        }
      }
    });

    it("groups only by bounded labels", () => {
      for (const q of queries) {
        for (const label of groupingLabels(substituteVariables(q.expr, {}, BUILTINS))) {
          assert.ok(!(UNBOUNDED_LABEL_NAMES as readonly string[]).includes(label), `${where(q)} groups by the unbounded label ${label}`);
          assert.ok(CATALOG_LABELS.has(label) || EXTRA_LABELS.has(label), `${where(q)} groups by ${label}, which no metric or rule carries`);
        }
      }
    });

    it("renders every dashboard to grafana/dashboards/<uid>.json, identically twice", () => {
      const files = dashboardFiles(config);
      assert.deepEqual(Object.keys(files).sort(), all.map((d) => `grafana/dashboards/${d.uid}.json`).sort());
      assert.deepEqual(dashboardFiles(config), files);
      for (const text of Object.values(files)) assert.ok(text.endsWith("}\n"));
    });
  });
}

describe("dashboard thresholds follow the alert thresholds of the same config", () => {
  const stepsOf = (config: ReturnType<typeof configFor>, uid: string, title: string) => {
    const d = dashboards(config).find((x) => x.uid === uid)!;
    const p = (d.panels ?? []).find((x) => (x as { title?: string }).title === title) as { fieldConfig: { defaults: { thresholds: { steps: { value: number | null }[] } } } };
    return p.fieldConfig.defaults.thresholds.steps.map((s) => s.value);
  };
  const cases = [
    { uid: "llmobs-llm-inference", title: "Time to first token (p50 / p95 / p99)", set: { ttftP95WarningMs: 150, ttftP95CriticalMs: 300 }, expect: [null, 0.15, 0.3] },
    { uid: "llmobs-llm-inference", title: "Error ratio per model", set: { errorRateWarning: 0.02, errorRateCritical: 0.2 }, expect: [null, 0.02, 0.2] },
    { uid: "llmobs-gpu", title: "GPU temperature (1 m max)", set: { gpuTemperatureWarningCelsius: 70, gpuTemperatureCriticalCelsius: 80 }, expect: [null, 70, 80] },
    { uid: "llmobs-llm-ensemble", title: "Inference Latency (p50, p95, p99)", set: { durationP95WarningMs: 4000 }, expect: [null, 4] },
    { uid: "llmobs-siem", title: "Failed authentications (5 m)", set: { bruteForceAuthFailures5m: 42 }, expect: [null, 42] },
    { uid: "llmobs-exporter-health", title: "Event-loop lag p99", set: { exporterEventLoopLagSeconds: 0.5 }, expect: [null, 0.5] },
  ];
  for (const c of cases) {
    it(`${c.uid} / ${c.title} moves with ${Object.keys(c.set).join(", ")}`, () => {
      assert.deepEqual(stepsOf(configFor("dev", { thresholds: c.set }), c.uid, c.title), c.expect);
      assert.notDeepEqual(stepsOf(configFor("dev"), c.uid, c.title), c.expect, "the case must change something");
    });
  }
});

describe("seed 002's ensemble dashboard", () => {
  const spec = dashboardSpecs(configFor("dev")).find((d) => d.uid === "llmobs-llm-ensemble")!;
  const d = dashboards(configFor("dev")).find((x) => x.uid === "llmobs-llm-ensemble")!;

  it("has the seed's 12 panels with the seed's visualisations", () => {
    assert.deepEqual(spec.panels.map((p) => [p.title, p.kind]), [
      ["Request Rate (RPS)", "timeseries"], ["Active Requests", "stat"], ["Inference Latency (p50, p95, p99)", "timeseries"],
      ["Error Rate", "timeseries"], ["Cache Hit Rate", "stat"], ["Total Requests (Success vs Error)", "stat"], ["Model Status", "stat"],
      ["RAM Memory Usage", "timeseries"], ["Request Distribution by Model", "piechart"], ["Cache Operations", "timeseries"],
      ["Average Latency by Mode", "bargauge"], ["Error Types Distribution", "timeseries"],
    ]);
    assert.equal(spec.panels.find((p) => p.title === "Error Types Distribution")?.stacked, true);
  });

  it("has the variables datasource, model and mode (multi-select with All) and the model-reload annotation", () => {
    const vars = d.templating?.list ?? [];
    assert.deepEqual(vars.map((v) => [v.name, v.type]), [["datasource", "datasource"], ["model", "query"], ["mode", "query"]]);
    for (const v of vars.slice(1)) {
      assert.equal(v.multi, true);
      assert.equal(v.includeAll, true);
    }
    const reload = (d.annotations?.list ?? []).find((a) => a.name === "Model reload");
    assert.ok(reload, "model-reload annotation");
    assert.match(String((reload as { expr?: string }).expr), /changes\(llm_model_loaded/);
  });
});

describe("latency panels link to traces", () => {
  it("every panel in seconds or milliseconds over a request histogram fetches exemplars", () => {
    for (const d of dashboards(configFor("prod"))) {
      for (const p of d.panels ?? []) {
        const panel = p as { title?: string; targets?: { expr: string; exemplar?: boolean }[] };
        const latency = (panel.targets ?? []).filter((t) => /(first_token_latency|per_token_latency|inference_duration)[a-z_]*_bucket/.test(t.expr));
        for (const t of latency) assert.equal(t.exemplar, true, `${d.title} / ${panel.title}: ${t.expr} without exemplars`);
      }
    }
  });
});
