import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { requireTool } from "../test/helpers/tools";
import { chatRequest } from "./load";
import { parseWrkOutput, runWrk, wrkArgs, wrkScript } from "./wrk";

const SAMPLE = `Running 2s test @ http://127.0.0.1:8080/v1/chat/completions
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.80ms    2.01ms  30.12ms   80.00%
    Req/Sec     3.27k   200.00     3.60k    70.00%
  13020 requests in 2.00s, 5.10MB read
  Non-2xx or 3xx responses: 12
  Socket errors: connect 0, read 3, write 0, timeout 2
Requests/sec:   6505.12
Transfer/sec:      2.55MB
`;

describe("parseWrkOutput", () => {
  it("reads throughput, requests and every kind of error", () => {
    assert.deepEqual(parseWrkOutput(SAMPLE), { requestsPerSecond: 6505.12, requests: 13020, non2xx: 12, socketErrors: 5 });
  });

  it("counts no errors when wrk prints none", () => {
    const clean = SAMPLE.replace(/ {2}Non-2xx.*\n/, "").replace(/ {2}Socket errors.*\n/, "");
    assert.deepEqual(parseWrkOutput(clean), { requestsPerSecond: 6505.12, requests: 13020, non2xx: 0, socketErrors: 0 });
  });

  it("refuses output without a throughput line", () => {
    assert.throws(() => parseWrkOutput("unable to connect to 127.0.0.1:1 Connection refused\n"), /no "Requests\/sec"/);
  });
});

describe("wrkScript", () => {
  it("makes wrk POST the JSON body", async () => {
    requireTool("wrk");
    const seen = new Set<string>();
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        seen.add(`${req.method} ${req.headers["content-type"]} ${body}`);
        res.end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const dir = mkdtempSync(join(tmpdir(), "llmobs-wrk-"));
    try {
      const req = chatRequest(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, false);
      writeFileSync(join(dir, "post.lua"), wrkScript(req));
      const result = await runWrk(wrkArgs(req.url, join(dir, "post.lua"), 1, 2, 1));
      assert.ok(result.requests > 0);
      assert.equal(result.non2xx + result.socketErrors, 0);
      assert.deepEqual([...seen], [`POST application/json ${req.body}`]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a body that would end the Lua string early", () => {
    assert.throws(() => wrkScript({ url: "http://x/", body: '{"a":"]==]"}' }), /long-string terminator/);
  });
});
