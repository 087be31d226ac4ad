import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { LLM_METRICS } from "../../catalog";
import { formatFamily, renderRegistry } from "../src/metrics/render";
import { measureRenderTime, populateSeries } from "../src/metrics/scrape";

test("formatFamily escapes label values and help text and puts le last", () => {
  const text = formatFamily({
    name: "x_bucket_family", help: "line1\nback\\slash", type: "histogram",
    values: [{ value: 1, labels: { le: 0.5, model_id: 'a"b\\c\nd' }, metricName: "x_bucket_family_bucket" }, { value: 2, labels: { le: "+Inf", model_id: "m" }, metricName: "x_bucket_family_bucket" }],
  }, false);
  assert.equal(text, [
    "# HELP x_bucket_family line1\\nback\\\\slash", "# TYPE x_bucket_family histogram",
    'x_bucket_family_bucket{model_id="a\\"b\\\\c\\nd",le="0.5"} 1', 'x_bucket_family_bucket{model_id="m",le="+Inf"} 2', "",
  ].join("\n"));
});

test("the Prometheus text of every exporter metric passes promtool check metrics", async () => {
  const m = populateSeries(300);
  const text = await renderRegistry(m.registry, false);
  const r = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  // promtool exits 3 for lint warnings only (e.g. unit suffixes it does not know); 1 means unparsable.
  assert.notEqual(r.status, 1, r.stderr + r.stdout);
  assert.doesNotMatch(r.stderr + r.stdout, /error while linting|parse/i);
  assert.match(text, new RegExp(`^${LLM_METRICS.requestsTotal.name}\\{model_id="model-0"\\} 1$`, "m"));
});

test("OpenMetrics carries trace_id exemplars on latency buckets, drops _total from counter metadata, and leaves the registry intact", async () => {
  const m = populateSeries(60);
  const om = await renderRegistry(m.registry, true);
  assert.ok(om.endsWith("# EOF\n"));
  assert.match(om, /^# TYPE llm_inference_requests counter$/m);
  assert.match(om, /^llm_inference_requests_total\{model_id="model-0"\} 1$/m);
  assert.match(om, /^llm_first_token_latency_ms_bucket\{model_id="model-0",le="25"\} 1 # \{trace_id="0af7651916cd43dd8448eb211c80319c"\} 20 \d+(\.\d+)?$/m);
  const prom = await renderRegistry(m.registry, false);
  assert.match(prom, /^# TYPE llm_inference_requests_total counter$/m, "an OpenMetrics render must not rename counters for the next scrape");
  assert.doesNotMatch(prom, / # \{trace_id/, "no exemplars in the Prometheus text format");
});

test("measureRenderTime reports the render time of about the requested number of series", async () => {
  for (const n of [100, 1000]) {
    const r = await measureRenderTime(n);
    assert.ok(r.series >= n && r.series < n + 100, `${r.series} series for ${n}`);
    assert.ok(Number.isFinite(r.renderMs) && r.renderMs > 0);
    assert.ok(r.bytes > r.series * 10);
  }
});
