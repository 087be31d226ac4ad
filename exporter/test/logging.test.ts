import assert from "node:assert/strict";
import { test } from "node:test";
import { cachedTimeFormatter } from "../src/cached-time";
import { BatchedDestination, createLogger, isoTimeField } from "../src/logging";

/** A destination that keeps what it is given, write by write. */
function recorder() {
  const writes: string[] = [];
  let flushed = 0;
  return { writes, flushed: () => flushed, target: { write: (s: string) => void writes.push(s), flush: (cb?: () => void) => (flushed++, cb?.()) } };
}

test("BatchedDestination hands lines on in order, one write per 16 KiB batch", () => {
  const r = recorder();
  const d = new BatchedDestination(r.target);
  const line = (i: number) => `${JSON.stringify({ i, pad: "x".repeat(100) })}\n`;
  for (let i = 0; i < 1000; i++) d.write(line(i));
  assert.ok(r.writes.length >= 6 && r.writes.length <= 8, `${r.writes.length} writes for ~110 KiB`);
  assert.ok(r.writes.every((w) => w.length >= 16 * 1024));
  d.flush();
  assert.equal(r.flushed(), 1);
  const lines = r.writes.join("").split("\n").filter(Boolean).map((l) => JSON.parse(l).i);
  assert.deepEqual(lines, Array.from({ length: 1000 }, (_, i) => i));
});

test("BatchedDestination writes a quiet log's lines within 100 ms, without being flushed", async () => {
  const r = recorder();
  const d = new BatchedDestination(r.target);
  d.write("one\n");
  d.write("two\n");
  assert.deepEqual(r.writes, []);
  await new Promise((res) => setTimeout(res, 150));
  assert.deepEqual(r.writes, ["one\ntwo\n"]);
});

test("createLogger writes JSON lines with an ISO time through the batching destination", async () => {
  const r = recorder();
  const logger = createLogger("info", new BatchedDestination(r.target));
  logger.info({ request_id: "r1" }, "request");
  logger.debug("not at info level");
  await new Promise<void>((res) => logger.flush(() => res()));
  const lines = r.writes.join("").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!.request_id, "r1");
  assert.equal(lines[0]!.service, "llm-exporter");
  assert.match(String(lines[0]!.time), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.match(isoTimeField(), /^,"time":"\d{4}-\d{2}-\d{2}T[\d:.]{12}Z"$/);
});

test("cachedTimeFormatter formats once per unit and again when the unit changes", (t) => {
  let now = 10_000;
  t.mock.method(Date, "now", () => now);
  let calls = 0;
  const stamp = cachedTimeFormatter(1000, (ms) => `${++calls}@${ms}`);
  assert.equal(stamp(), "1@10000");
  now = 10_999;
  assert.equal(stamp(), "1@10000", "same second: the cached text");
  now = 11_000;
  assert.equal(stamp(), "2@11000");
  assert.equal(calls, 2);
});
