import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePrometheusText, PromTextError } from "./prom-text";

test("parses names, escaped labels, special values, timestamps and exemplars; skips comments", () => {
  const text = [
    "# HELP x_total A counter with a \"quote\".",
    "# TYPE x_total counter",
    "",
    'x_total{path="a\\"b",nl="1\\n2",bs="c:\\\\d",empty=""} 3 1700000000000',
    "up 1",
    'h_bucket{le="+Inf"} +Inf',
    "g NaN",
    "n -Inf",
    "e 1.5e3",
    'om_bucket{le="0.1"} 7 # {trace_id="abc"} 0.05 1700000000.1',
    "  spaced{ a = \"1\" , b=\"2\", } 4  ",
  ].join("\n");
  const samples = parsePrometheusText(text);
  assert.deepEqual(samples[0], { name: "x_total", labels: { path: 'a"b', nl: "1\n2", bs: "c:\\d", empty: "" }, value: 3 });
  assert.deepEqual(samples.slice(1).map((s) => [s.name, s.value]), [
    ["up", 1], ["h_bucket", Infinity], ["g", NaN], ["n", -Infinity], ["e", 1500], ["om_bucket", 7], ["spaced", 4],
  ]);
  assert.deepEqual(samples.at(-1)?.labels, { a: "1", b: "2" });
});

test("an unreadable line fails the parse and names its line", () => {
  assert.throws(() => parsePrometheusText("ok 1\nbad{a=1} 2"), (e: unknown) => e instanceof PromTextError && /line 2: expected a quoted label value/.test(e.message));
  assert.throws(() => parsePrometheusText("m{a=\"x} 1"), /line 1: expected a closing "/);
  assert.throws(() => parsePrometheusText("m abc"), /line 1: expected a sample value, got "abc"/);
  assert.throws(() => parsePrometheusText("<html>"), /line 1: expected a metric name/);
  assert.throws(() => parsePrometheusText("m"), /line 1: expected a sample value, got ""/);
});
