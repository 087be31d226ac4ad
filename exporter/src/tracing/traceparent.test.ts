import { test } from "node:test";
import assert from "node:assert/strict";
import { formatTraceparent, parseTraceparent } from "./traceparent";

const ok = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

test("valid headers round-trip; invalid ones start a new trace", () => {
  const ctx = parseTraceparent(ok);
  assert.deepEqual(ctx, { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", traceFlags: 1, isRemote: true });
  assert.equal(formatTraceparent(ctx!), ok);
  assert.equal(parseTraceparent(ok.toUpperCase())?.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
  assert.equal(parseTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03-future")?.traceFlags, 1, "future versions may add fields");
  for (const bad of [undefined, "", "garbage", `${ok}-extra`, "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"]) {
    assert.equal(parseTraceparent(bad), undefined, String(bad));
  }
});
