import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { startProcess, stopProcess, waitUntilServing } from "./processes";

describe("a program that cannot be started", () => {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-processes-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const start = () => startProcess("missing", "/nonexistent/program", [], {}, join(dir, "missing.log"), dir);

  // A regression would hang: the timeouts turn that into a failure.
  it("fails waitUntilServing with the reason instead of polling on", { timeout: 10_000 }, async () => {
    const p = start();
    await assert.rejects(waitUntilServing(p, "http://127.0.0.1:9/"), /^Error: missing could not be started: spawn \/nonexistent\/program ENOENT$/);
    await stopProcess(p);
  });

  it("is stopped at once, even before it reported its failure", { timeout: 10_000 }, async () => {
    await stopProcess(start());
  });
});
