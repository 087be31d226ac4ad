import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { requireTool } from "../test/helpers/tools";
import { renderNginxConfig } from "./nginx";
import { freePort, startProcess, stopProcess, waitUntilServing, type BenchProcess } from "./processes";

describe("renderNginxConfig", () => {
  it("passes nginx -t", () => {
    const dir = mkdtempSync(join(tmpdir(), "llmobs-nginx-t-"));
    try {
      writeFileSync(join(dir, "nginx.conf"), renderNginxConfig({ dir, listenPort: 18080, upstream: "127.0.0.1:18081", keepalive: 64 }));
      const r = spawnSync(requireTool("nginx"), ["-t", "-p", dir, "-c", join(dir, "nginx.conf")], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs a master and a worker, or one process without a master for callgrind", () => {
    const o = { dir: "/d", listenPort: 1234, upstream: "127.0.0.1:5678", keepalive: 8 };
    assert.match(renderNginxConfig(o), /^master_process on;$/m);
    assert.match(renderNginxConfig({ ...o, singleProcess: true }), /^master_process off;$/m);
  });

  it("listens on loopback only, logs nothing per request and runs in the foreground", () => {
    const conf = renderNginxConfig({ dir: "/d", listenPort: 1234, upstream: "127.0.0.1:5678", keepalive: 8 });
    assert.match(conf, /listen 127\.0\.0\.1:1234;/);
    assert.match(conf, /access_log off;/);
    assert.match(conf, /daemon off;/);
    assert.match(conf, /server 127\.0\.0\.1:5678;\s+keepalive 8;/);
  });
});

describe("the rendered nginx as a proxy", () => {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-nginx-"));
  let releaseRest: () => void = () => undefined;
  let upstreamConnections = 0;
  const upstream = createServer((req, res) => {
    if (req.url === "/stream") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: first\n\n");
      // The rest waits until the client has seen the first event: a proxy holding the response back would hang here.
      releaseRest = () => res.end("data: [DONE]\n\n");
    } else res.end("ok");
  });
  upstream.on("connection", () => upstreamConnections++);
  let nginx: BenchProcess | undefined;
  let base = "";

  before(async () => {
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    const port = await freePort();
    writeFileSync(join(dir, "nginx.conf"), renderNginxConfig({ dir, listenPort: port, upstream: `127.0.0.1:${(upstream.address() as AddressInfo).port}`, keepalive: 4 }));
    nginx = startProcess("nginx", requireTool("nginx"), ["-p", dir, "-c", join(dir, "nginx.conf")], {}, join(dir, "nginx.log"), dir);
    base = `http://127.0.0.1:${port}`;
    await waitUntilServing(nginx, `${base}/`);
  });

  after(async () => {
    if (nginx) await stopProcess(nginx);
    upstream.closeAllConnections();
    await new Promise((r) => upstream.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it("streams SSE events through as they come", async () => {
    const res = await new Promise<IncomingMessage>((resolve, reject) => request(`${base}/stream`, resolve).on("error", reject).end());
    let text = "";
    await new Promise<void>((resolve) => {
      res.on("data", (d: Buffer) => {
        text += d.toString();
        if (text.includes("data: first")) releaseRest();
      });
      res.on("end", resolve);
    });
    assert.equal(text, "data: first\n\ndata: [DONE]\n\n");
  });

  it("reuses upstream connections across requests", async () => {
    const before = upstreamConnections;
    for (let i = 0; i < 5; i++) assert.equal(await fetch(`${base}/x`).then((r) => r.text()), "ok");
    assert.ok(upstreamConnections - before <= 1, `${upstreamConnections - before} upstream connections for 5 sequential requests`);
  });
});
