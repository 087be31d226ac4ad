import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { blackholeUrl, refusedUrl } from "../../test/helpers/raw-upstreams";
import { UpstreamClientError, UpstreamPool, type CallControl, type ResponseHandler, type UpstreamRequest } from "./client-pool";
import { HttpParseError } from "./message-parser";
import { sleep, until } from "../../test/helpers/wait";
import { requireTool } from "../../../test/helpers/tools";


/**
 * A node:http upstream on 127.0.0.1:0 that notes the client port of every request (one port = one connection):
 * in order in `ports`, and by path in `portOf`. `open()` counts its open sockets.
 */
async function httpUpstream(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void, keepAliveTimeout?: number) {
  const ports: number[] = [];
  const portOf = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    ports.push(req.socket.remotePort!);
    portOf.set(req.url!, req.socket.remotePort!);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handler(req, res, Buffer.concat(chunks)));
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  if (keepAliveTimeout !== undefined) server.keepAliveTimeout = keepAliveTimeout;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ports,
    portOf,
    open: () => sockets.size,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

/**
 * A raw TCP upstream: `onRequest` runs once a whole request head (and `content-length` body) has arrived, with the
 * exact request bytes and the socket to answer on. Every request's bytes are kept in `requests`.
 */
async function tcpUpstream(onRequest: (socket: Socket, request: string, index: number) => void) {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buf = "";
    socket.on("data", (d: Buffer) => {
      buf += d.toString("latin1");
      for (;;) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const cl = /\r\ncontent-length: (\d+)/i.exec(buf.slice(0, end));
        const total = end + 4 + (cl ? Number(cl[1]) : 0);
        if (buf.length < total) return;
        const request = buf.slice(0, total);
        buf = buf.slice(total);
        requests.push(request);
        onRequest(socket, request, requests.length - 1);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => sockets.size,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: string;
  chunks: string[];
  error: (Error & { code?: string }) | undefined;
  /** Every callback in order: "start 200", "data <text>", "end", "error <code>". */
  events: string[];
}

/**
 * A handler that records every callback and settles once the call ends either way (any callback after that is
 * recorded too); `done` rejects if the call has not ended within 3 s, so a missing callback fails instead of hanging.
 */
function recorder(hooks: Partial<ResponseHandler> = {}) {
  const out: Outcome = { status: 0, headers: {}, body: "", chunks: [], error: undefined, events: [] };
  let settle!: (o: Outcome) => void;
  const done = new Promise<Outcome>((resolve, reject) => {
    const watchdog = setTimeout(() => reject(new Error(`the call never ended; events so far: ${out.events.join(", ")}`)), 3000).unref();
    settle = (o) => {
      clearTimeout(watchdog);
      resolve(o);
    };
  });
  // A test that never awaits `done` must not see an unhandled rejection.
  done.catch(() => undefined);
  const handler: ResponseHandler = {
    onResponseStart(status, headers) {
      out.events.push(`start ${status}`);
      out.status = status;
      out.headers = headers;
      hooks.onResponseStart?.(status, headers);
    },
    onResponseData(chunk) {
      out.events.push(`data ${chunk.toString("latin1")}`);
      out.chunks.push(chunk.toString("latin1"));
      out.body += chunk.toString("latin1");
      hooks.onResponseData?.(chunk);
    },
    onResponseEnd() {
      out.events.push("end");
      hooks.onResponseEnd?.();
      settle(out);
    },
    onResponseError(err) {
      out.events.push(`error ${err.code}`);
      out.error = err;
      hooks.onResponseError?.(err);
      settle(out);
    },
  };
  return { handler, done, out };
}

const GET: UpstreamRequest = { method: "GET", path: "/", headers: {}, headersTimeoutMs: 2000, bodyTimeoutMs: 2000 };
const req = (overrides: Partial<UpstreamRequest> = {}): UpstreamRequest => ({ ...GET, ...overrides });

/** Dispatches and waits for the outcome. */
async function call(pool: UpstreamPool, r: UpstreamRequest, hooks?: Partial<ResponseHandler>): Promise<Outcome> {
  const rec = recorder(hooks);
  pool.dispatch(r, rec.handler);
  return rec.done;
}

test("sequential requests reuse one connection and arrive as sent (method, path, headers, text and binary bodies)", async () => {
  const up = await httpUpstream((r, res, body) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ method: r.method, url: r.url, headers: r.headers, body: body.toString("hex") }));
  });
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    const table: { r: UpstreamRequest; body: string; contentLength: string | undefined }[] = [
      { r: req({ path: "/v1/models?limit=2", headers: { accept: "application/json" } }), body: "", contentLength: undefined },
      // UTF-8 on the wire, and content-length counts bytes, not characters.
      { r: req({ method: "POST", path: "/v1/chat/completions", headers: { "content-type": "application/json" }, body: '{"q":"héllo"}' }), body: Buffer.from('{"q":"héllo"}').toString("hex"), contentLength: "14" },
      { r: req({ method: "POST", path: "/bin", headers: { "x-trace": "t1" }, body: Buffer.from([0, 1, 2, 255]) }), body: "000102ff", contentLength: "4" },
      { r: req({ method: "PUT", path: "/empty", headers: {}, body: "" }), body: "", contentLength: "0" },
      { r: req({ method: "DELETE", path: "/d" }), body: "", contentLength: undefined },
    ];
    for (const [i, row] of table.entries()) {
      const o = await call(pool, row.r);
      assert.equal(o.error, undefined, `request ${i}`);
      assert.deepEqual(o.events.filter((e) => !e.startsWith("data")), ["start 200", "end"]);
      assert.equal(o.headers["content-type"], "application/json");
      const echo = JSON.parse(o.body) as { method: string; url: string; headers: Record<string, string>; body: string };
      assert.equal(echo.method, row.r.method);
      assert.equal(echo.url, row.r.path);
      assert.equal(echo.body, row.body);
      assert.equal(echo.headers.host, `127.0.0.1:${up.port}`);
      assert.equal(echo.headers["content-length"], row.contentLength);
      for (const [k, v] of Object.entries(row.r.headers)) assert.equal(echo.headers[k], v);
      assert.equal(pool.connections, 1, `after request ${i}`);
    }
    assert.equal(new Set(up.ports).size, 1, "every request came on the same connection");
    assert.equal(up.ports.length, table.length);
  } finally {
    await pool.close();
    await up.close();
  }
});

test("the request head and body go on the wire exactly as serialised", async () => {
  const up = await tcpUpstream((s) => s.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"));
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    await call(pool, req({ path: "/a?b=c", headers: { "x-one": "1", authorization: "Bearer t" } }));
    await call(pool, req({ method: "POST", path: "/p", headers: { "content-type": "text/plain" }, body: "héllo" }));
    await call(pool, req({ method: "POST", path: "/b", headers: {}, body: Buffer.from("bin\r\n\r\n") }));
    const host = `host: 127.0.0.1:${up.port}\r\n`;
    assert.deepEqual(up.requests, [
      `GET /a?b=c HTTP/1.1\r\n${host}x-one: 1\r\nauthorization: Bearer t\r\n\r\n`,
      `POST /p HTTP/1.1\r\n${host}content-type: text/plain\r\ncontent-length: 6\r\n\r\nh\xc3\xa9llo`,
      `POST /b HTTP/1.1\r\n${host}content-length: 7\r\n\r\nbin\r\n\r\n`,
    ]);
    assert.equal(pool.connections, 1);
  } finally {
    await pool.close();
    await up.close();
  }
});

test("a header value goes on the wire as the same bytes whatever the body", async () => {
  const up = await tcpUpstream((s) => s.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"));
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    // "\xe9" is how MessageParser hands over an obs-text byte 0xE9 received from a client (latin1).
    const headers = { "x-name": "caf\xe9" };
    await call(pool, req({ headers }));
    await call(pool, req({ method: "POST", headers, body: "x" }));
    await call(pool, req({ method: "POST", headers, body: Buffer.from("x") }));
    const values = up.requests.map((r) => /x-name: ([^\r]*)\r\n/.exec(r)![1]);
    assert.deepEqual(values, ["caf\xe9", "caf\xe9", "caf\xe9"]);
  } finally {
    await pool.close();
    await up.close();
  }
});

test("parallel requests open parallel connections; released connections are reused last-in first-out", async () => {
  const delays: Record<string, number> = { "/a": 10, "/b": 60, "/c": 110 };
  const up = await httpUpstream((r, res) => setTimeout(() => res.end(r.url), delays[r.url!] ?? 0));
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    const outcomes = await Promise.all(["/a", "/b", "/c"].map((path) => call(pool, req({ path }))));
    assert.deepEqual(outcomes.map((o) => o.body), ["/a", "/b", "/c"]);
    assert.equal(new Set(up.ports).size, 3, "three requests at once, three connections");
    assert.equal(pool.connections, 3);
    const [portB, portC] = [up.portOf.get("/b"), up.portOf.get("/c")];
    // Released in the order a, b, c: c is the warmest.
    assert.equal((await call(pool, req({ path: "/next" }))).body, "/next");
    assert.equal(up.portOf.get("/next"), portC);
    await Promise.all([call(pool, req({ path: "/x" })), call(pool, req({ path: "/y" }))]);
    assert.deepEqual([up.portOf.get("/x"), up.portOf.get("/y")], [portC, portB]);
    assert.equal(pool.connections, 3);
  } finally {
    await pool.close();
    await up.close();
  }
});

test("response framings: content-length, chunked, until close, 1xx, HEAD, 204/304; reuse only when framed", async () => {
  const table: { name: string; method?: string; answer: string; end?: boolean; status: number; body: string; chunks?: string[]; reused: boolean; headers?: Record<string, string> }[] = [
    { name: "content-length", answer: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\nhello", status: 200, body: "hello", reused: true, headers: { "content-length": "5", "x-a": "1, 2" } },
    { name: "chunked with extensions and trailers", answer: "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3;e=1\r\nabc\r\n2\r\nde\r\n0\r\nx-t: 1\r\n\r\n", status: 200, body: "abcde", chunks: ["abc", "de"], reused: true },
    { name: "until close", answer: "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nall the rest", end: true, status: 200, body: "all the rest", reused: false },
    { name: "100 Continue first", answer: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\nok", status: 201, body: "ok", reused: true },
    { name: "HEAD with content-length", method: "HEAD", answer: "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n", status: 200, body: "", reused: true },
    // Its GET would run until close, so the upstream may close after it too (node:http does not reuse it either).
    { name: "HEAD without framing", method: "HEAD", answer: "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\n", status: 200, body: "", reused: false },
    { name: "204", answer: "HTTP/1.1 204 No Content\r\n\r\n", status: 204, body: "", reused: true },
    { name: "304", answer: "HTTP/1.1 304 Not Modified\r\ncontent-length: 10\r\n\r\n", status: 304, body: "", reused: true },
    { name: "connection: close", answer: "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok", status: 200, body: "ok", reused: false },
    { name: "HTTP/1.0 without keep-alive", answer: "HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok", status: 200, body: "ok", reused: false },
    { name: "HTTP/1.0 with keep-alive", answer: "HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 2\r\n\r\nok", status: 200, body: "ok", reused: true },
    { name: "more bytes than declared", answer: "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokEXTRA", status: 200, body: "ok", reused: false },
  ];
  for (const row of table) {
    const up = await tcpUpstream((s) => (row.end ? s.end(row.answer) : s.write(row.answer)));
    const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
    try {
      const o = await call(pool, req({ method: row.method ?? "GET" }));
      assert.equal(o.error, undefined, row.name);
      assert.equal(o.status, row.status, row.name);
      assert.equal(o.body, row.body, row.name);
      assert.equal(o.events.at(-1), "end", row.name);
      if (row.chunks) assert.deepEqual(o.chunks, row.chunks, row.name);
      if (row.headers) for (const [k, v] of Object.entries(row.headers)) assert.equal(o.headers[k], v, row.name);
      if (row.reused) {
        await sleep(20);
        assert.equal(pool.connections, 1, `${row.name}: kept for reuse`);
        await call(pool, req({ method: row.method ?? "GET" }));
        assert.equal(up.requests.length, 2);
        assert.equal(pool.connections, 1, `${row.name}: second request on the same connection`);
      } else {
        await until(() => pool.connections === 0, `${row.name}: connection dropped`);
      }
    } finally {
      await pool.close();
      await up.close();
    }
  }
});

test("a chunked response streamed by node:http arrives piece by piece", async () => {
  const up = await httpUpstream((_r, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write("data: 1\n\n");
    setTimeout(() => res.write("data: 2\n\n"), 20);
    setTimeout(() => res.end("data: [DONE]\n\n"), 40);
  });
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    const o = await call(pool, req({ bodyTimeoutMs: 500 }));
    assert.equal(o.headers["transfer-encoding"], "chunked");
    assert.deepEqual(o.chunks, ["data: 1\n\n", "data: 2\n\n", "data: [DONE]\n\n"]);
    assert.deepEqual(o.events.slice(0, 1), ["start 200"]);
    assert.equal(o.events.at(-1), "end");
    assert.equal(pool.connections, 1);
  } finally {
    await pool.close();
    await up.close();
  }
});

test("connection: close from node:http is honoured: the next request opens a new connection", async () => {
  const up = await httpUpstream((_r, res) => {
    res.setHeader("connection", "close");
    res.end("bye");
  });
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    assert.equal((await call(pool, req())).body, "bye");
    await until(() => pool.connections === 0, "the closed connection to be forgotten");
    assert.equal((await call(pool, req())).body, "bye");
    assert.equal(up.ports.length, 2);
    assert.notEqual(up.ports[0], up.ports[1]);
  } finally {
    await pool.close();
    await up.close();
  }
});

test("the upstream's keep-alive: timeout=N is honoured less one second; keepAliveMs caps idle time", async () => {
  // node:http announces keep-alive: timeout=1 -> 1 s - 1 s = 0: never reused.
  const short = await httpUpstream((_r, res) => res.end("s"), 1000);
  // timeout=5 (node's default): reused.
  const long = await httpUpstream((_r, res) => res.end("l"));
  // timeout=2 from a raw upstream: 1 s of reuse.
  const raw = await tcpUpstream((s) => s.write("HTTP/1.1 200 OK\r\nkeep-alive: timeout=2\r\ncontent-length: 1\r\n\r\nr"));
  const pools = [short, long, raw].map((u) => new UpstreamPool(u.url, { connectTimeoutMs: 1000 }));
  const [pShort, pLong, pRaw] = pools as [UpstreamPool, UpstreamPool, UpstreamPool];
  try {
    const o = await call(pShort, req());
    assert.equal(o.headers["keep-alive"], "timeout=1");
    await until(() => pShort.connections === 0, "timeout=1 connection dropped at once");
    await call(pShort, req());
    assert.notEqual(short.ports[0], short.ports[1]);

    assert.equal((await call(pLong, req())).headers["keep-alive"], "timeout=5");
    await sleep(20);
    await call(pLong, req());
    assert.equal(long.ports[0], long.ports[1]);
    assert.equal(pLong.connections, 1);

    await call(pRaw, req());
    await sleep(20);
    await call(pRaw, req());
    assert.equal(raw.requests.length, 2);
    assert.equal(pRaw.connections, 1, "timeout=2 leaves a second of reuse");
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    await Promise.all([short.close(), long.close(), raw.close()]);
  }
});

test("an idle connection past keepAliveMs is not reused, and the sweep closes it without any request", async () => {
  const up = await httpUpstream((_r, res) => res.end("ok"));
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000, keepAliveMs: 150 });
  const swept = new UpstreamPool(up.url, { connectTimeoutMs: 1000, keepAliveMs: 100 });
  try {
    await call(pool, req());
    await call(swept, req());
    await sleep(30);
    await call(pool, req());
    assert.equal(up.ports.length, 3);
    assert.equal(up.ports[0], up.ports[2], "within keepAliveMs: reused");
    await sleep(200);
    await call(pool, req());
    assert.notEqual(up.ports[3], up.ports[0], "past keepAliveMs: a new connection");
    await until(() => pool.connections === 1, "the stale connection to be closed");
    assert.equal(swept.connections, 1);
    // The sweep runs once a second.
    await until(() => swept.connections === 0, "the sweep to close the idle connection", 1500);
  } finally {
    await Promise.all([pool.close(), swept.close()]);
    await up.close();
  }
});

test("a refused connection fails with ECONNREFUSED and nothing else", async () => {
  const pool = new UpstreamPool(await refusedUrl(), { connectTimeoutMs: 1000 });
  try {
    const o = await call(pool, req());
    assert.deepEqual(o.events, ["error ECONNREFUSED"]);
    assert.equal(pool.connections, 0);
    await assert.rejects(pool.request(req()), (e: Error & { code?: string }) => e.code === "ECONNREFUSED");
  } finally {
    await pool.close();
  }
});

test("a connect that never completes fails with UPSTREAM_CONNECT_TIMEOUT after connectTimeoutMs", async () => {
  const hole = await blackholeUrl();
  const pool = new UpstreamPool(hole.url, { connectTimeoutMs: 150 });
  try {
    const t0 = performance.now();
    const o = await call(pool, req({ headersTimeoutMs: 5000 }));
    const took = performance.now() - t0;
    assert.deepEqual(o.events, ["error UPSTREAM_CONNECT_TIMEOUT"]);
    assert.ok(o.error instanceof UpstreamClientError);
    assert.match(o.error.message, /150 ms/);
    assert.ok(took >= 140 && took < 1000, `took ${took} ms`);
    await until(() => pool.connections === 0, "the pending connection dropped");
  } finally {
    await pool.close();
    hole.close();
  }
});

test("no (complete) response head within headersTimeoutMs fails with UPSTREAM_HEADERS_TIMEOUT", async () => {
  // One upstream never answers; the other sends a status line and stalls: a partial head does not stop the clock.
  for (const partial of ["", "HTTP/1.1 200 OK\r\ncontent-"]) {
    const up = await tcpUpstream((s) => void (partial && s.write(partial)));
    const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
    try {
      const t0 = performance.now();
      const o = await call(pool, req({ headersTimeoutMs: 100, bodyTimeoutMs: 5000 }));
      const took = performance.now() - t0;
      assert.deepEqual(o.events, ["error UPSTREAM_HEADERS_TIMEOUT"], `partial=${JSON.stringify(partial)}`);
      assert.match(o.error!.message, /100 ms/);
      assert.ok(took >= 95 && took < 1000, `took ${took} ms`);
      await until(() => pool.connections === 0 && up.connections() === 0, "the connection to be cut");
    } finally {
      await pool.close();
      await up.close();
    }
  }
});

test("the body timeout is an idle timeout: a slow but steady body completes, a stalled one fails with UPSTREAM_BODY_TIMEOUT", async () => {
  const timeoutMs = 100;
  // A timer set before the call: Node runs timers of equal length in the order they were set, so one as long as a
  // timeout of the call fires before that timeout can.
  const witness = (ms: number) => {
    const w = { fired: false };
    setTimeout(() => (w.fired = true), ms);
    return w;
  };
  let steadyUntil = { fired: true };
  let next: () => void = () => undefined;
  const up = await httpUpstream((r, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("part");
    if (r.url === "/stall") return;
    // One more byte each time the client has read the last, until twice the timeouts have passed since the call began.
    next = () => (steadyUntil.fired ? res.end() : res.write("."));
  });
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    // Longer than both timeouts in total, hardly any silence: the headers timeout no longer applies once the head is in.
    steadyUntil = witness(2 * timeoutMs);
    const steady = await call(pool, req({ path: "/steady", headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs }), { onResponseData: () => next() });
    assert.equal(steady.error, undefined);
    assert.match(steady.body, /^part\.*$/);
    assert.ok(steadyUntil.fired);

    const atLeastTimeout = witness(timeoutMs);
    const stalled = await call(pool, req({ path: "/stall", headersTimeoutMs: 1000, bodyTimeoutMs: timeoutMs }));
    assert.deepEqual(stalled.events, ["start 200", "data part", "error UPSTREAM_BODY_TIMEOUT"]);
    assert.match(stalled.error!.message, /100 ms/);
    assert.ok(atLeastTimeout.fired, "the stalled call timed out no sooner than its body timeout");
    await until(() => pool.connections === 0, "the timed-out connection to be cut");
  } finally {
    await pool.close();
    await up.close();
  }
});

test("an upstream that closes early fails with UPSTREAM_CLOSED, before the head or mid-body", async () => {
  const table: { name: string; answer: string; events: string[]; message: RegExp }[] = [
    { name: "before responding", answer: "", events: ["error UPSTREAM_CLOSED"], message: /before responding/ },
    { name: "mid-head", answer: "HTTP/1.1 200 OK\r\ncontent-len", events: ["error UPSTREAM_CLOSED"], message: /middle of the response/ },
    { name: "mid content-length body", answer: "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabcd", events: ["start 200", "data abcd", "error UPSTREAM_CLOSED"], message: /middle/ },
    { name: "mid chunked body", answer: "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nab\r\n", events: ["start 200", "data ab", "error UPSTREAM_CLOSED"], message: /middle/ },
  ];
  for (const row of table) {
    const up = await tcpUpstream((s) => s.end(row.answer));
    const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
    try {
      const o = await call(pool, req());
      assert.deepEqual(o.events, row.events, row.name);
      assert.ok(o.error instanceof UpstreamClientError, row.name);
      assert.match(o.error.message, row.message, row.name);
      await until(() => pool.connections === 0, row.name);
    } finally {
      await pool.close();
      await up.close();
    }
  }
});

test("bytes that are not a response fail with HTTP_MALFORMED and drop the connection", async () => {
  const table = [
    "SSH-2.0-OpenSSH_9.6\r\n\r\n",
    "HTTP/1.1 200 OK\r\ncontent-length: x\r\n\r\n",
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nnothex\r\n",
    "HTTP/1.1 101 Switching Protocols\r\n\r\n",
    // Response splitting: transfer-encoding and content-length together (RFC 9112 6.3), refused as llhttp refuses it.
    "HTTP/1.1 200 OK\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n",
  ];
  for (const answer of table) {
    const up = await tcpUpstream((s) => s.write(answer));
    const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
    try {
      const o = await call(pool, req());
      assert.ok(o.error instanceof HttpParseError, answer);
      assert.equal(o.error.code, "HTTP_MALFORMED");
      assert.equal(o.events.at(-1), "error HTTP_MALFORMED");
      await until(() => pool.connections === 0 && up.connections() === 0, "the connection to be cut");
    } finally {
      await pool.close();
      await up.close();
    }
  }
});

test("bytes arriving on an idle connection make it untrustworthy: it is closed, not reused", async () => {
  const up = await tcpUpstream((s) => {
    s.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
    setTimeout(() => s.writable && s.write("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nstale"), 30);
  });
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    assert.equal((await call(pool, req())).body, "ok");
    assert.equal(pool.connections, 1);
    await until(() => pool.connections === 0, "the connection to be dropped");
    assert.equal((await call(pool, req())).body, "ok", "the next request does not see the stale answer");
  } finally {
    await pool.close();
    await up.close();
  }
});

test("abort() silences every callback and frees the connection, at any point of the call", async () => {
  // Streams a byte every 10 ms until the client goes away, so data is always on its way when abort() lands.
  const up = await httpUpstream((_r, res) => {
    res.writeHead(200);
    res.write("x");
    const tick = setInterval(() => res.write("x"), 10);
    res.on("close", () => clearInterval(tick));
  });
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    for (const when of ["at once", "on start", "on first data"] as const) {
      const rec = recorder();
      let aborted!: () => void;
      const abortCalled = new Promise<void>((r) => (aborted = r));
      const abort = () => {
        control.abort();
        aborted();
      };
      const control = pool.dispatch(req({ bodyTimeoutMs: 60_000 }), {
        ...rec.handler,
        onResponseStart: (s, h) => {
          rec.handler.onResponseStart(s, h);
          if (when === "on start") abort();
        },
        onResponseData: (c) => {
          rec.handler.onResponseData(c);
          if (when === "on first data") abort();
        },
      });
      if (when === "at once") abort();
      await abortCalled;
      // Once both ends have closed the connection nothing more can arrive: whatever was recorded is all there is.
      await until(() => pool.connections === 0, `${when}: connection dropped`);
      await until(() => up.open() === 0, `${when}: the upstream to see its connection close`);
      // The first read may hold more than one of the upstream's bytes; it is still one callback.
      const events = rec.out.events.map((e) => e.replace(/^data x+$/, "data x"));
      const expected = { "at once": [], "on start": ["start 200"], "on first data": ["start 200", "data x"] }[when];
      assert.deepEqual(events, expected, when);
      control.abort(); // A second abort is harmless.
    }
  } finally {
    await pool.close();
    await up.close();
  }
});

test("abort() inside onResponseData stops the rest of the same read", async () => {
  const up = await tcpUpstream((s) => s.write("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n1\r\nc\r\n0\r\n\r\n"));
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    const rec = recorder();
    const control = pool.dispatch(req(), { ...rec.handler, onResponseData: (c) => {
      rec.handler.onResponseData(c);
      control.abort();
    } });
    await until(() => rec.out.events.length > 1, "the first data");
    await sleep(30);
    assert.deepEqual(rec.out.events, ["start 200", "data a"]);
    await until(() => pool.connections === 0, "connection dropped");
  } finally {
    await pool.close();
    await up.close();
  }
});

test("abort() after the end changes nothing: the connection stays for reuse", async () => {
  const up = await httpUpstream((_r, res) => res.end("done"));
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    const rec = recorder();
    const control = pool.dispatch(req(), rec.handler);
    await rec.done;
    control.abort();
    control.pause();
    control.resume();
    await sleep(20);
    assert.deepEqual(rec.out.events, ["start 200", "data done", "end"]);
    assert.equal(pool.connections, 1);
    await call(pool, req());
    assert.equal(up.ports[0], up.ports[1]);
  } finally {
    await pool.close();
    await up.close();
  }
});

test("pause() holds back data and the idle timeout; resume() delivers the rest and re-arms it", async () => {
  // The upstream answers the head and "a" at once, then ends /other; the rest of /rest comes when the test says
  // so, and /stall never has more.
  let sendRest: (() => Promise<void>) | undefined;
  const up = await httpUpstream((r, res) => {
    res.writeHead(200);
    res.write("a");
    if (r.url === "/other") res.end();
    if (r.url === "/rest") sendRest = () => new Promise<void>((done) => {
      res.write("b");
      res.end("c", done);
    });
  });
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    // Data sent while paused stays in the socket: a whole round trip on a second connection, made after the rest
    // was written, completes and the paused call has still seen nothing new. resume() then delivers it.
    const rec = recorder();
    const control: CallControl = pool.dispatch(req({ path: "/rest" }), {
      ...rec.handler,
      onResponseData: (c: Buffer) => {
        rec.handler.onResponseData(c);
        control.pause();
      },
    });
    await until(() => sendRest !== undefined && rec.out.chunks.length === 1, "the first data");
    control.pause(); // Idempotent.
    await sendRest!();
    const other = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
    try {
      assert.equal((await call(other, req({ path: "/other" }))).body, "a");
    } finally {
      await other.close();
    }
    assert.deepEqual(rec.out.events, ["start 200", "data a"]);
    control.resume();
    const o = await rec.done;
    assert.equal(o.error, undefined);
    assert.equal(o.body, "abc");
    assert.equal(pool.connections, 1, "a paused-then-completed connection is reusable");

    // The idle timer is off while paused. The pause comes right after the first read has armed the timer (a
    // microtask, before any timer can run), and a timer of the same length started after it fires first (Node runs
    // equal timers in the order they were set): the call has not timed out by then.
    const bodyTimeoutMs = 50;
    const stall = recorder();
    const c2: CallControl = pool.dispatch(req({ path: "/stall", bodyTimeoutMs }), {
      ...stall.handler,
      onResponseData: (c: Buffer) => {
        stall.handler.onResponseData(c);
        queueMicrotask(() => c2.pause());
      },
    });
    await until(() => stall.out.chunks.length === 1, "the first data of /stall");
    assert.equal(up.portOf.get("/stall"), up.portOf.get("/rest"), "the paused-then-completed connection was reused");
    await sleep(bodyTimeoutMs);
    assert.deepEqual(stall.out.events, ["start 200", "data a"], "no timeout while paused");
    // resume() starts the timer afresh: a timer of the same length set just before it fires before the timeout.
    let witnessFired = false;
    setTimeout(() => (witnessFired = true), bodyTimeoutMs);
    c2.resume();
    const s = await stall.done;
    assert.deepEqual(s.events, ["start 200", "data a", "error UPSTREAM_BODY_TIMEOUT"]);
    assert.ok(witnessFired, "the timeout ran a full body timeout from resume()");
  } finally {
    await pool.close();
    await up.close();
  }
});

test("pause() and resume() before the response head keep the headers timeout", async () => {
  const up = await tcpUpstream(() => undefined); // Reads the request, never answers.
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    const rec = recorder();
    const control = pool.dispatch(req({ headersTimeoutMs: 100 }), rec.handler);
    await until(() => up.requests.length === 1, "the request to arrive");
    control.pause();
    control.resume();
    await until(() => rec.out.events.length > 0, "the headers timeout", 400).catch(() => undefined);
    assert.deepEqual(rec.out.events, ["error UPSTREAM_HEADERS_TIMEOUT"]);
  } finally {
    await pool.close();
    await up.close();
  }
});

test("request() buffers the answer and rejects past maxBytes with UPSTREAM_TOO_LARGE", async () => {
  const up = await httpUpstream((r, res) => {
    if (r.url === "/chunked") {
      res.write("0123456789");
      res.end("abcdefghij");
    } else res.end("0123456789");
  });
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    const ok = await pool.request(req({ path: "/models" }));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers["content-length"], "10");
    assert.equal(ok.body.toString(), "0123456789");
    const exact = await pool.request(req(), 10);
    assert.equal(exact.body.toString(), "0123456789", "exactly maxBytes is allowed");
    assert.equal(pool.connections, 1);
    for (const [path, max] of [["/", 9], ["/chunked", 15]] as const) {
      await assert.rejects(pool.request(req({ path }), max), (e: unknown) => {
        assert.ok(e instanceof UpstreamClientError);
        assert.equal(e.code, "UPSTREAM_TOO_LARGE");
        assert.match(e.message, new RegExp(`${max} bytes`));
        return true;
      });
      await until(() => pool.connections === 0, "the oversized answer's connection dropped");
    }
  } finally {
    await pool.close();
    await up.close();
  }
});

test("a header value with CR, LF or NUL throws synchronously, before any connection is opened", async () => {
  const up = await httpUpstream((_r, res) => res.end());
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    for (const value of ["a\r\nx-injected: 1", "a\rb", "a\nb", "a\0b"]) {
      const rec = recorder();
      assert.throws(() => pool.dispatch(req({ headers: { "x-ok": "fine", "x-bad": value } }), rec.handler), (e: unknown) => {
        assert.ok(e instanceof UpstreamClientError);
        assert.equal(e.code, "UPSTREAM_INVALID_REQUEST");
        assert.match(e.message, /x-bad/);
        return true;
      }, JSON.stringify(value));
      assert.deepEqual(rec.out.events, []);
      await assert.rejects(pool.request(req({ headers: { "x-bad": value } })), (e: Error & { code?: string }) => e.code === "UPSTREAM_INVALID_REQUEST");
    }
    assert.equal(pool.connections, 0);
    await sleep(20);
    assert.equal(up.ports.length, 0, "nothing reached the upstream");
  } finally {
    await pool.close();
    await up.close();
  }
});

test("close() ends idle and busy connections; dispatch afterwards throws UPSTREAM_POOL_CLOSED", async () => {
  const up = await httpUpstream((r, res) => {
    if (r.url === "/hang") return void res.writeHead(200, { "content-length": 10 }).write("abc");
    res.end("ok");
  });
  const pool = new UpstreamPool(up.url, { connectTimeoutMs: 1000 });
  try {
    const busy = recorder();
    pool.dispatch(req({ path: "/hang" }), busy.handler);
    await until(() => busy.out.events.length >= 2, "the busy call to start");
    await call(pool, req());
    assert.equal(pool.connections, 2, "one busy, one idle");
    await pool.close();
    assert.equal(pool.connections, 0);
    const o = await busy.done;
    assert.deepEqual(o.events, ["start 200", "data abc", "error UPSTREAM_POOL_CLOSED"]);
    assert.throws(() => pool.dispatch(req(), recorder().handler), (e: unknown) => e instanceof UpstreamClientError && e.code === "UPSTREAM_POOL_CLOSED");
    await assert.rejects(pool.request(req()), (e: Error & { code?: string }) => e.code === "UPSTREAM_POOL_CLOSED");
    await pool.close(); // Twice is fine.
    await until(() => up.open() === 0, "the upstream to see both connections close");
  } finally {
    await pool.close();
    await up.close();
  }
});

test("the pool accepts only http and https origins", () => {
  for (const bad of ["ftp://example.com", "ws://127.0.0.1:1", "file:///tmp/x"]) {
    assert.throws(() => new UpstreamPool(bad, { connectTimeoutMs: 1 }), /expected an http or https URL/, bad);
  }
  assert.throws(() => new UpstreamPool("not a url", { connectTimeoutMs: 1 }));
});

/** A self-signed certificate for 127.0.0.1, made with the openssl CLI. */
function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "pool-tls-"));
  try {
    const r = spawnSync(requireTool("openssl"), ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { encoding: "utf8" });
    assert.equal(r.status, 0, `openssl req failed: ${r.stderr}`);
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("https origins: requests over TLS reuse one connection; an untrusted certificate is refused", async () => {
  const pair = selfSignedCert();
  const server = createHttpsServer(pair, (r, res) => res.end(`tls ${r.url}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const trusted = new UpstreamPool(url, { connectTimeoutMs: 1000, tls: { ca: pair.cert } });
  const untrusted = new UpstreamPool(url, { connectTimeoutMs: 1000 });
  try {
    for (const path of ["/a", "/b"]) {
      const o = await call(trusted, req({ path }));
      assert.deepEqual([o.status, o.body], [200, `tls ${path}`]);
    }
    assert.equal(trusted.connections, 1);
    const refused = await call(untrusted, req());
    assert.equal(refused.error?.code, "DEPTH_ZERO_SELF_SIGNED_CERT");
  } finally {
    await trusted.close();
    await untrusted.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
