import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { LLM_METRICS } from "../../catalog";
import { requireTool } from "../../test/helpers/tools";
import { Registry, type Metric } from "prom-client";
import { formatHeader, formatSeries, renderRegistry } from "../src/metrics/render";
import { populateSeries } from "../src/metrics/scrape";

test("formatHeader and formatSeries escape help text and label values and put le last", () => {
  assert.equal(formatHeader("x_total", "line1\nback\\slash", "counter", false), "# HELP x_total line1\\nback\\\\slash\n# TYPE x_total counter\n");
  assert.equal(formatHeader("x_total", "h", "counter", true), "# HELP x h\n# TYPE x counter\n");
  const histogram = { name: "x", type: "histogram", upperBounds: [0.5, 1] };
  const series = { labels: { model_id: 'a"b\\c\nd' }, bucketValues: { 0.5: 1, 1: 2 }, sum: 2.5, count: 4 };
  assert.equal(formatSeries(histogram, series, false), [
    'x_bucket{model_id="a\\"b\\\\c\\nd",le="0.5"} 1', 'x_bucket{model_id="a\\"b\\\\c\\nd",le="1"} 3',
    'x_bucket{model_id="a\\"b\\\\c\\nd",le="+Inf"} 4', 'x_sum{model_id="a\\"b\\\\c\\nd"} 2.5', 'x_count{model_id="a\\"b\\\\c\\nd"} 4', "",
  ].join("\n"));
  assert.equal(formatSeries({ name: "g", type: "gauge" }, { labels: {}, value: Infinity }, false), "g +Inf\n");
});

/** Sample lines of a text exposition as a sorted list, label pairs sorted within each line (label order carries no meaning). */
function samples(text: string): string[] {
  return text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).map((line) => {
    const m = /^([^{ ]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `sample line ${line}`);
    const pairs = (m[2] ?? "").match(/[a-zA-Z_]+="(?:[^"\\]|\\.)*"/g) ?? [];
    return `${m[1]}{${pairs.sort().join(",")}} ${Number(m[3])}`;
  }).sort();
}

test("the renderer reads prom-client's storage: every sample equals prom-client's own text output", async () => {
  const m = populateSeries(2000);
  m.circuitBreakerState.set({ upstream: "u" }, 2);
  m.errorsTotal.inc({ error_type: "timeout", component: "upstream" }, 3);
  const ours = (await renderRegistry(m.registry, false)).toString();
  // prom-client's own Prometheus-format output, from a plain registry holding the same metric objects.
  const plain = new Registry();
  for (const metric of m.registry.getMetricsAsArray()) plain.registerMetric(metric as unknown as Metric);
  const theirs = await plain.metrics();
  assert.deepEqual(samples(ours), samples(theirs));
  assert.ok(samples(ours).length > 2000);
});

test("the Prometheus text of every exporter metric passes promtool check metrics", async () => {
  const m = populateSeries(300);
  const text = (await renderRegistry(m.registry, false)).toString();
  const r = spawnSync(requireTool("promtool"), ["check", "metrics"], { input: text, encoding: "utf8" });
  // promtool exits 3 for lint warnings only (e.g. unit suffixes it does not know); 1 means unparsable.
  assert.notEqual(r.status, 1, r.stderr + r.stdout);
  assert.doesNotMatch(r.stderr + r.stdout, /error while linting|parse/i);
  assert.match(text, new RegExp(`^${LLM_METRICS.requestsTotal.name}\\{model_id="model-0"\\} 1$`, "m"));
});

test("OpenMetrics carries trace_id exemplars on latency buckets, drops _total from counter metadata, and leaves the registry intact", async () => {
  const m = populateSeries(60);
  const om = (await renderRegistry(m.registry, true)).toString();
  assert.ok(om.endsWith("# EOF\n"));
  assert.match(om, /^# TYPE llm_inference_requests counter$/m);
  assert.match(om, /^llm_inference_requests_total\{model_id="model-0"\} 1$/m);
  assert.match(om, /^llm_first_token_latency_ms_bucket\{model_id="model-0",le="25"\} 1 # \{trace_id="0af7651916cd43dd8448eb211c80319c"\} 20 \d+(\.\d+)?$/m);
  const prom = (await renderRegistry(m.registry, false)).toString();
  assert.match(prom, /^# TYPE llm_inference_requests_total counter$/m, "an OpenMetrics render must not rename counters for the next scrape");
  assert.doesNotMatch(prom, / # \{trace_id/, "no exemplars in the Prometheus text format");
});
