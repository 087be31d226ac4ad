import { test } from "node:test";
import assert from "node:assert/strict";
import { serializeAuditRecord, type AuditRecord } from "./record";

test("only audit fields are written: prompt and completion text never reach the file", () => {
  const leaky = {
    timestamp: "2026-01-01T00:00:00.000Z", trace_id: "t", request_id: "r", action: "llm_call", resource: "/v1/chat/completions",
    log_level: "INFO", status: 200, prompt_tokens: 12,
    messages: [{ role: "user", content: "my secret diagnosis" }], prompt: "my secret", completion: "the answer",
  } as AuditRecord;
  const line = serializeAuditRecord(leaky, new Date());
  assert.ok(line.endsWith("\n"));
  assert.deepEqual(JSON.parse(line), {
    timestamp: "2026-01-01T00:00:00.000Z", trace_id: "t", request_id: "r", action: "llm_call", resource: "/v1/chat/completions",
    status: 200, prompt_tokens: 12, log_level: "INFO",
  });
  assert.doesNotMatch(line, /secret|answer/);
});

test("an empty timestamp is filled with the write time", () => {
  const now = new Date("2026-02-03T04:05:06.000Z");
  const line = serializeAuditRecord({ timestamp: "", trace_id: "", request_id: "r", action: "a", resource: "x", log_level: "INFO", status: 200 }, now);
  assert.equal(JSON.parse(line).timestamp, now.toISOString());
});
