import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { requireTool } from "../test/helpers/tools";
import { heyArgs, parseHeyCsv, runHey } from "./hey";
import { chatRequest } from "./load";

const HEADER = "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset";

describe("parseHeyCsv", () => {
  it("reads seconds as milliseconds, with the status of each request", () => {
    const csv = `${HEADER}\n0.0051,0.0011,0.0000,0.0001,0.0032,0.0006,200,0.0003\n0.0123,0.0000,0.0000,0.0000,0.0120,0.0003,502,0.0100\n`;
    const samples = parseHeyCsv(csv);
    assert.equal(samples.length, 2);
    assert.ok(Math.abs(samples[0]!.latencyMs - 5.1) < 1e-9);
    assert.equal(samples[0]!.status, 200);
    assert.equal(samples[1]!.status, 502);
  });

  it("fails loudly on output that is not hey's CSV", () => {
    assert.throws(() => parseHeyCsv("Summary:\n  Total: 1.0 secs\n"), /no CSV header/);
    assert.throws(() => parseHeyCsv(`${HEADER}\n0.1,0.2,200\n`), /line 2 .*expected 8 numeric columns/);
  });
});

describe("runHey", () => {
  it("POSTs the request body at the given rate and parses every request", async () => {
    requireTool("hey");
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        bodies.push(`${req.method} ${req.headers["content-type"]} ${body}`);
        res.end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const req = chatRequest(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, true);
      const samples = await runHey(heyArgs(req, 1, 20, 1));
      // -z stops hey mid-request, so the server may have seen one request more than hey reports.
      const ok = samples.filter((s) => s.status === 200);
      assert.ok(ok.length > 0 && ok.length <= bodies.length, `${ok.length} answered, ${bodies.length} received`);
      assert.ok(bodies.every((b) => b === `POST application/json ${req.body}`));
      assert.equal(JSON.parse(req.body).stream, true);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
