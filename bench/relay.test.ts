import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { freePort, startProcess, stopProcess, waitUntilServing } from "./processes";

describe("the bench's Node byte relay", () => {
  it("passes keep-alive requests and answers through unchanged, and drops the client when its upstream goes away", async () => {
    let connections = 0;
    const upstream: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString())).on("end", () => res.end(`${req.method} ${req.url} ${body}`));
    }).on("connection", () => connections++);
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    const port = await freePort();
    const relay = startProcess("relay", process.execPath, ["--import", "tsx", join(__dirname, "relay.ts"), "--port", String(port),
      "--upstream", `127.0.0.1:${(upstream.address() as AddressInfo).port}`], {}, "/dev/null", join(__dirname, ".."));
    try {
      await waitUntilServing(relay, `http://127.0.0.1:${port}/ready`);
      const before = connections;
      const client = connect(port, "127.0.0.1");
      let received = "";
      client.on("data", (d: Buffer) => (received += d.toString("latin1")));
      const post = (body: string) => `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
      client.write(post("one") + post("two"));
      for (const end = Date.now() + 5000; !received.includes("POST /v1/chat/completions two");) {
        assert.ok(Date.now() < end, `both answers, got ${JSON.stringify(received)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.match(received, /POST \/v1\/chat\/completions one[\s\S]*POST \/v1\/chat\/completions two/);
      assert.equal(connections - before, 1, "one client connection, one upstream connection");
      const closed = once(client, "close");
      upstream.closeAllConnections();
      await closed;
      // The relay itself survives a pair's teardown: a new connection gets a new pair. (A raw socket, not fetch: fetch
      // would reuse its pooled connection from the readiness check, whose pair was just torn down too.)
      const again = connect(port, "127.0.0.1");
      let answer = "";
      again.on("data", (d: Buffer) => (answer += d.toString("latin1")));
      again.write("GET /again HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
      await once(again, "close");
      assert.match(answer, /^HTTP\/1\.1 200 [\s\S]*\r\n\r\nGET \/again $/);
    } finally {
      await stopProcess(relay);
      await new Promise((r) => upstream.close(r));
    }
  });
});
