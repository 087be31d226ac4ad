import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { requireTool } from "../test/helpers/tools";
import { countInstructions, newestDump, parseCallgrindTotal, underCallgrind } from "./callgrind";
import { freePort, startProcess, stopProcess, waitUntilServing } from "./processes";

describe("callgrind dumps", () => {
  it("reads the summary count", () => {
    assert.equal(parseCallgrindTotal("version: 1\ncreator: callgrind-3.19.0\nevents: Ir\nsummary: 223653196\n\ntotals: 223653196\n"), 223_653_196);
    assert.throws(() => parseCallgrindTotal("events: Ir\n"), /no summary line/);
  });

  it("picks a process' newest numbered dump, not another process' or the exit file", () => {
    const files = ["callgrind.41", "callgrind.41.1", "callgrind.41.10", "callgrind.41.9", "callgrind.410.12", "callgrind.41.2.tmp"];
    assert.equal(newestDump(files, 41), "callgrind.41.10");
    assert.equal(newestDump(files, 7), undefined);
  });
});

// A real Node HTTP server under callgrind: the counts between two dumps are that work's instructions, and twice
// the requests count more (instructions are counted, not timed, so this holds on a loaded machine).
describe("countInstructions", () => {
  it("counts a process' instructions between start and stop", { timeout: 180_000 }, async () => {
    requireTool("callgrind_control");
    const dir = mkdtempSync(join(tmpdir(), "llmobs-callgrind-test-"));
    const port = await freePort();
    const [command, args] = underCallgrind(dir, process.execPath, ["-e", `require("node:http").createServer((q, s) => s.end("ok")).listen(${port}, "127.0.0.1")`]);
    const server = startProcess("node under callgrind", command, args, {}, join(dir, "log"), dir);
    try {
      const url = `http://127.0.0.1:${port}/`;
      await waitUntilServing(server, url, 1500);
      const count = countInstructions(dir);
      const measure = async (requests: number) => {
        const counter = await count(server.child.pid!);
        for (let i = 0; i < requests; i++) await (await fetch(url)).text();
        return (await counter.stop()).instructions!;
      };
      await measure(50); // warm-up: the first requests compile their code
      const fifty = await measure(50);
      const twoHundred = await measure(200);
      assert.ok(fifty > 0, `${fifty}`);
      assert.ok(twoHundred > 2 * fifty, `200 requests: ${twoHundred}, 50 requests: ${fifty}`);
    } finally {
      await stopProcess(server);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
