import { test } from "node:test";
import assert from "node:assert/strict";
import { EXPORTER_EXTRA_METRICS } from "../../../catalog";
import { createMetrics } from "./registry";
import { renderRegistry } from "./render";

test("counters with only enumerated labels start at 0 for every value, so the first event is visible to increase()", async () => {
  const m = createMetrics();
  const text = (await renderRegistry(m.registry, false)).toString();
  const def = EXPORTER_EXTRA_METRICS.securityEventsTotal;
  for (const v of def.labelValues.event_type) assert.match(text, new RegExp(`^${def.name}\\{event_type="${v}"\\} 0$`, "m"), v);
  m.securityEventsTotal.inc({ event_type: "auth_failure" });
  assert.match((await renderRegistry(m.registry, false)).toString(), new RegExp(`^${def.name}\\{event_type="auth_failure"\\} 1$`, "m"));
});

test("counters with an open-ended label (model_id) are not pre-created", async () => {
  const text = (await renderRegistry(createMetrics().registry, false)).toString();
  assert.doesNotMatch(text, /^llm_inference_requests_total\{/m);
});
