import { test } from "node:test";
import assert from "node:assert/strict";
import { loadStackConfig } from "../../config";
import { dashboardQueries, dashboards } from "../../dashboards";
import { costedQueries, panelQueries, stepFor } from "./queries";

const config = loadStackConfig({ "llmobs:environment": "prod" }).config;

test("the scale benchmark times every panel of the fleet's dashboards, variables at All", () => {
  const timed = panelQueries(config, 15);
  for (const uid of ["llmobs-llm-inference", "llmobs-sla", "llmobs-exporter-health", "llmobs-slo"]) {
    const d = dashboards(config).find((x) => x.uid === uid)!;
    const panels = dashboardQueries(d).filter((q) => q.kind === "panel");
    assert.ok(panels.length > 0, uid);
    for (const p of panels) assert.ok(timed.some((t) => t.name.startsWith(`${uid}: ${p.source}`) && t.expr.length > 0), `${uid}: ${p.source} not timed`);
    assert.equal(timed.filter((t) => t.name.startsWith(`${uid}: `)).length, panels.length, `${uid}: one timed query per panel target`);
  }
  for (const q of timed) assert.doesNotMatch(q.expr, /\$/, `${q.name}: a variable left in ${q.expr}`);
  assert.equal(new Set(timed.map((t) => t.name)).size, timed.length, "every timed query has a name of its own");
});

test("panels over recorded series are timed over a day too, panels over raw series over an hour", () => {
  const timed = panelQueries(config, 15);
  const recordedOnly = timed.filter((q) => q.ranges.includes("24h"));
  const raw = timed.filter((q) => !q.ranges.includes("24h"));
  assert.ok(recordedOnly.length > 0 && raw.length > 0);
  for (const q of recordedOnly) assert.doesNotMatch(q.expr.replace(/\b[a-z_][a-z0-9_]*:[a-z0-9_:]*/g, ""), /\b[a-z_][a-z0-9_]*(\{|\[)/, q.name);
  assert.ok(costedQueries(config, 15).length > timed.length, "the runbook queries come along");
});

test("a range query's step is about 1,000 points, never finer than the scrape interval", () => {
  assert.equal(stepFor(3600, 15), 15);
  assert.equal(stepFor(86_400, 15), 90);
});
