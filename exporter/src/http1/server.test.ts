import { test } from "node:test";
import assert from "node:assert/strict";
import { Agent, request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { Http1Server, type HttpHandler, type HttpRequest, type Http1ServerOptions } from "./server";
import { sleep, until } from "../../test/helpers/wait";


/** An Http1Server on 127.0.0.1:0; `stop` cuts whatever is left and waits for the close. */
/** A response the test releases: `onRelease(fn)` runs fn once `release()` is called (at once if it already was). */
function held() {
  let released = false;
  const waiting: (() => void)[] = [];
  return {
    onRelease: (fn: () => void) => (released ? fn() : waiting.push(fn)),
    release: () => {
      released = true;
      for (const fn of waiting.splice(0)) fn();
    },
  };
}

async function start(handler: HttpHandler, options: Partial<Http1ServerOptions> = {}) {
  const server = new Http1Server(handler, { maxBodyBytes: 1024, ...options });
  const port = await server.listen(0, "127.0.0.1");
  return {
    server,
    port,
    stop: async () => {
      server.closeAllConnections();
      await server.close();
    },
  };
}

/** A raw TCP client that keeps every byte it receives (as latin1) and notes when the server ends the connection. */
class RawClient {
  readonly socket: Socket;
  received = "";
  ended = false;
  closed = false;
  private constructor(port: number) {
    this.socket = connect(port, "127.0.0.1");
    this.socket.setNoDelay(true);
    this.socket.on("data", (d: Buffer) => void (this.received += d.toString("latin1")));
    this.socket.on("end", () => void (this.ended = true));
    this.socket.on("close", () => void (this.closed = true));
    this.socket.on("error", () => undefined);
  }

  static async open(port: number): Promise<RawClient> {
    const c = new RawClient(port);
    await new Promise<void>((resolve, reject) => {
      c.socket.once("connect", resolve);
      c.socket.once("error", reject);
    });
    return c;
  }

  send(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes);
  }

  /** What arrived, with each `date` header's value replaced by "D". */
  get text(): string {
    return this.received.replace(/\r\ndate: [^\r]*\r\n/g, "\r\ndate: D\r\n");
  }

  wait(cond: (text: string) => boolean, what: string, ms = 1000): Promise<void> {
    return until(() => cond(this.text), `${what}; got ${JSON.stringify(this.text.slice(0, 300))}`, ms);
  }

  waitEnd(what = "the server to close the connection", ms = 1000): Promise<void> {
    return until(() => this.ended || this.closed, what, ms);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

interface Answer {
  status: number;
  head: string;
  headers: Record<string, string>;
  body: string;
}

/** Splits a byte stream of responses framed by content-length (or without a body); stops at an incomplete one. */
function answers(text: string, noBody = false): Answer[] {
  const out: Answer[] = [];
  let at = 0;
  for (;;) {
    const end = text.indexOf("\r\n\r\n", at);
    if (end < 0) return out;
    const head = text.slice(at, end);
    const [statusLine, ...lines] = head.split("\r\n");
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 1).trim();
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine!)?.[1]);
    const length = noBody || status === 100 || status === 204 || status === 304 ? 0 : Number(headers["content-length"] ?? 0);
    if (text.length < end + 4 + length) return out;
    out.push({ status, head, headers, body: text.slice(end + 4, end + 4 + length) });
    at = end + 4 + length;
  }
}

/** Answers every request with a description of it: `METHOD url body=...`. */
const echo: HttpHandler = (req, res) => {
  const body = `${req.method} ${req.url} body=${req.body.toString("latin1")}`;
  res.writeHead(200, { "content-type": "text/plain", "content-length": Buffer.byteLength(body) });
  res.end(body);
};

test("keep-alive: two requests on one socket, each answered in one exact response, the connection left open", async () => {
  const seen: HttpRequest[] = [];
  const s = await start((req, res) => {
    seen.push(req);
    if (req.url.startsWith("/implicit")) return res.end("hello");
    echo(req, res);
  });
  const c = await RawClient.open(s.port);
  try {
    c.send("GET /implicit?x=1 HTTP/1.1\r\nHost: h\r\nX-Multi: a\r\nx-multi: b\r\n\r\n");
    await c.wait((t) => answers(t).length === 1, "the first response");
    assert.equal(c.text, "HTTP/1.1 200 OK\r\ncontent-length: 5\r\ndate: D\r\n\r\nhello");
    assert.match(c.received, /\r\ndate: [A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n/);
    c.send("POST /second HTTP/1.1\r\nhost: h\r\ncontent-length: 3\r\n\r\nabc");
    await c.wait((t) => answers(t).length === 2, "the second response");
    const second = answers(c.text)[1]!;
    assert.equal(second.head, "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 21\r\ndate: D");
    assert.equal(second.body, "POST /second body=abc");
    assert.deepEqual(seen.map((r) => [r.method, r.url, { ...r.headers }, r.body.toString(), r.bodyTooLarge, r.remoteAddress]), [
      ["GET", "/implicit?x=1", { host: "h", "x-multi": "a, b" }, "", false, "127.0.0.1"],
      ["POST", "/second", { host: "h", "content-length": "3" }, "abc", false, "127.0.0.1"],
    ]);
    await sleep(50);
    assert.equal(c.ended || c.closed, false, "a keep-alive connection stays open");
    assert.equal(s.server.connectionCount, 1);
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("pipelined requests are handled one at a time and answered in order", async () => {
  let active = 0, maxActive = 0;
  const order: string[] = [];
  const delays: Record<string, number> = { "/1": 80, "/2": 0, "/3": 20 };
  const s = await start((req, res) => {
    active++;
    maxActive = Math.max(maxActive, active);
    order.push(req.url);
    setTimeout(() => {
      active--;
      echo(req, res);
    }, delays[req.url] ?? 0);
  });
  const c = await RawClient.open(s.port);
  try {
    c.send("GET /1 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\ncontent-length: 2\r\n\r\nhiPOST /3 HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n");
    await c.wait((t) => answers(t).length === 3, "three responses");
    assert.deepEqual(answers(c.text).map((a) => a.body), ["GET /1 body=", "POST /2 body=hi", "POST /3 body=z"]);
    assert.deepEqual(order, ["/1", "/2", "/3"]);
    assert.equal(maxActive, 1, "the next request waits for the previous response");
    // A request after one that said connection: close is never read.
    c.send("GET /4 HTTP/1.1\r\nconnection: close\r\n\r\nGET /5 HTTP/1.1\r\n\r\n");
    await c.waitEnd();
    await sleep(20);
    const all = answers(c.text);
    assert.deepEqual(all.map((a) => a.body), ["GET /1 body=", "POST /2 body=hi", "POST /3 body=z", "GET /4 body="]);
    assert.equal(all[3]!.headers.connection, "close");
    assert.deepEqual(order, ["/1", "/2", "/3", "/4"]);
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("requests arriving in pieces while a response is in progress are held back, then answered in order", async () => {
  const order: string[] = [];
  const slow = held();
  const s = await start((req, res) => {
    order.push(req.url);
    if (req.url === "/slow") slow.onRelease(() => echo(req, res));
    else echo(req, res);
  });
  const c = await RawClient.open(s.port);
  try {
    c.send("GET /slow HTTP/1.1\r\n\r\n");
    await until(() => order.length === 1, "the slow request handled");
    c.send("POST /a HTTP/1.1\r\ncontent-length: 3\r\n\r\nx");
    await sleep(15);
    c.send("yzGET /b HTTP/1.1\r\n");
    await sleep(15);
    c.send("\r\nGET /c HTTP/1.1\r\n\r\n");
    await sleep(15);
    // The slow response is released by the test, not a timer: however loaded the machine, it is still in progress.
    assert.deepEqual(order, ["/slow"], "nothing else is handled while the slow response is in progress");
    slow.release();
    await c.wait((t) => answers(t).length === 4, "four responses");
    assert.deepEqual(answers(c.text).map((a) => a.body), ["GET /slow body=", "POST /a body=xyz", "GET /b body=", "GET /c body="]);
    assert.deepEqual(order, ["/slow", "/a", "/b", "/c"]);
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("a backlog over 64 KiB pauses reading; reading resumes once the response is out", async () => {
  const slow = held();
  let handled = 0;
  const s = await start((req, res) => {
    handled++;
    if (req.url === "/slow") slow.onRelease(() => echo(req, res));
    else res.end(`${req.url} ${req.body.length}`);
  }, { maxBodyBytes: 1024 * 1024 });
  const c = await RawClient.open(s.port);
  try {
    c.send("GET /slow HTTP/1.1\r\n\r\n");
    await until(() => handled === 1, "the slow request handled");
    // 70 KB held back in two writes while /slow is in progress: past the 64 KiB backlog limit on the second.
    c.send(`POST /big HTTP/1.1\r\ncontent-length: 70000\r\n\r\n${"a".repeat(40000)}`);
    await sleep(15);
    c.send("b".repeat(30000));
    await sleep(15);
    assert.equal(handled, 1, "the big request waits behind the slow response");
    slow.release();
    await c.wait((t) => answers(t).length === 2, "the slow and the big answers");
    assert.deepEqual(answers(c.text).map((a) => a.body), ["GET /slow body=", "/big 70000"]);
    c.send("GET /after HTTP/1.1\r\n\r\n");
    await c.wait((t) => answers(t).length === 3, "an answer to a request sent after the backlog drained");
    assert.equal(answers(c.text)[2]!.body, "/after 0");
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("a synchronous handler answers a pipelined burst, every request in order", async () => {
  const s = await start(echo);
  const c = await RawClient.open(s.port);
  try {
    const n = 200;
    let burst = "";
    for (let i = 0; i < n; i++) burst += `GET /${i} HTTP/1.1\r\n\r\n`;
    c.send(burst);
    await c.wait((t) => answers(t).length === n, `${n} responses`);
    assert.deepEqual(answers(c.text).map((a) => a.body), Array.from({ length: n }, (_, i) => `GET /${i} body=`));
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("a pipelined backlog over 64 KiB behind a slow response is answered in order", async () => {
  const s = await start((req, res) => {
    if (req.url === "/slow") setTimeout(() => echo(req, res), 100);
    else echo(req, res);
  });
  const c = await RawClient.open(s.port);
  try {
    const n = 12000;
    let burst = "GET /slow HTTP/1.1\r\n\r\n";
    for (let i = 0; i < n; i++) burst += `GET /${i} HTTP/1.1\r\nhost: x\r\n\r\n`;
    assert.ok(burst.length > 4 * 64 * 1024);
    c.send(burst);
    await until(() => c.ended || c.closed || answers(c.text).length === n + 1, "every response or a close", 3000);
    const all = answers(c.text);
    assert.deepEqual(all.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.body}`), []);
    assert.equal(all.length, n + 1);
    assert.ok(all.every((a, i) => a.body === (i === 0 ? "GET /slow body=" : `GET /${i - 1} body=`)), "in order");
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("a chunked request body arriving in pieces is reassembled (extensions and trailers dropped)", async () => {
  const seen: HttpRequest[] = [];
  const s = await start((req, res) => {
    seen.push(req);
    echo(req, res);
  });
  const c = await RawClient.open(s.port);
  try {
    const pieces = ["POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel", "lo\r\n", "6\r", "\n world\r\n1\r\n!\r\n0\r\nx-trailer: 1\r\n", "\r\n"];
    for (const p of pieces) {
      c.send(p);
      await sleep(10);
      if (p !== pieces.at(-1)) assert.equal(seen.length, 0, "the handler waits for the whole body");
    }
    await c.wait((t) => answers(t).length === 1, "the response");
    assert.equal(answers(c.text)[0]!.body, "POST /up body=hello world!");
    assert.equal(seen[0]!.headers["transfer-encoding"], "chunked");
    assert.equal(seen[0]!.bodyTooLarge, false);
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("Expect: 100-continue gets exactly HTTP/1.1 100 Continue before the body is sent, then the final answer", async () => {
  let calls = 0;
  const s = await start((req, res) => {
    calls++;
    echo(req, res);
  }, { maxBodyBytes: 10 });
  const c = await RawClient.open(s.port);
  try {
    c.send("POST /e HTTP/1.1\r\nexpect: 100-Continue\r\ncontent-length: 5\r\n\r\n");
    await c.wait((t) => t.length >= 25, "the interim response");
    await sleep(20);
    assert.equal(c.text, "HTTP/1.1 100 Continue\r\n\r\n");
    assert.equal(calls, 0);
    c.send("hello");
    await c.wait((t) => answers(t).length === 2, "the final response");
    assert.deepEqual(answers(c.text).map((a) => [a.status, a.body]), [[100, ""], [200, "POST /e body=hello"]]);

    // No interim response when there is no body to wait for, or when the declared body is too large anyway.
    const before = c.text.length;
    c.send("POST /none HTTP/1.1\r\nexpect: 100-continue\r\ncontent-length: 0\r\n\r\n");
    await c.wait((t) => answers(t.slice(before)).length === 1, "the answer to a bodiless request");
    assert.equal(answers(c.text.slice(before))[0]!.status, 200);
    const c2 = await RawClient.open(s.port);
    try {
      c2.send("POST /big HTTP/1.1\r\nexpect: 100-continue\r\ncontent-length: 11\r\n\r\n");
      await c2.wait((t) => answers(t).length === 1, "the answer to a too-large request");
      assert.equal(answers(c2.text)[0]!.status, 200);
      assert.doesNotMatch(c2.text, /100 Continue/);
    } finally {
      c2.destroy();
    }
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("an HTTP/1.0 request's Expect: 100-continue is ignored (RFC 9110 10.1.1)", async () => {
  const s = await start(echo);
  const c = await RawClient.open(s.port);
  try {
    c.send("POST /e HTTP/1.0\r\nexpect: 100-continue\r\ncontent-length: 2\r\n\r\n");
    await sleep(50);
    assert.equal(c.text, "");
    c.send("ok");
    await c.waitEnd();
    assert.match(c.text, /^HTTP\/1\.1 200 OK\r\n/);
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("a body over maxBodyBytes, declared or streamed, reaches the handler as bodyTooLarge; the connection closes after the answer", async () => {
  const table: { name: string; head: string; rest?: string; tooLarge: boolean; body: string }[] = [
    { name: "declared too large", head: "POST /d HTTP/1.1\r\ncontent-length: 11\r\n\r\n", rest: "01234", tooLarge: true, body: "" },
    { name: "chunked, too large once streamed", head: "POST /c HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n6\r\n012345\r\n", rest: "6\r\n6789ab\r\n", tooLarge: true, body: "" },
    { name: "exactly the limit", head: "POST /x HTTP/1.1\r\ncontent-length: 10\r\n\r\n", rest: "0123456789", tooLarge: false, body: "0123456789" },
    { name: "chunked, exactly the limit", head: "POST /y HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n5\r\n01234\r\n", rest: "5\r\n56789\r\n0\r\n\r\n", tooLarge: false, body: "0123456789" },
  ];
  const seen: HttpRequest[] = [];
  const s = await start((req, res) => {
    seen.push(req);
    if (!req.bodyTooLarge) return echo(req, res);
    res.writeHead(413, { "content-length": 8 });
    res.end("too big\n");
  }, { maxBodyBytes: 10 });
  try {
    for (const row of table) {
      seen.length = 0;
      const c = await RawClient.open(s.port);
      try {
        c.send(row.head);
        await sleep(15);
        if (row.rest) c.send(row.rest);
        await c.wait((t) => answers(t).length === 1, row.name);
        // More bytes after the answer are not taken for a new request when the body was too large.
        c.send("GET / HTTP/1.1\r\n\r\n");
        assert.equal(seen.length, 1, row.name);
        assert.equal(seen[0]!.bodyTooLarge, row.tooLarge, row.name);
        assert.equal(seen[0]!.body.toString(), row.body, row.name);
        const a = answers(c.text)[0]!;
        if (row.tooLarge) {
          assert.equal(a.head, "HTTP/1.1 413 Payload Too Large\r\ncontent-length: 8\r\ndate: D\r\nconnection: close", row.name);
          await c.waitEnd(`${row.name}: the connection to close`);
          await sleep(20);
          assert.equal(answers(c.text).length, 1, row.name);
          assert.equal(seen.length, 1, row.name);
        } else {
          assert.equal(a.status, 200, row.name);
          await c.wait((t) => answers(t).length === 2, `${row.name}: the next request answered`);
          assert.equal(c.ended, false, `${row.name}: kept alive`);
        }
      } finally {
        c.destroy();
      }
    }
    await until(() => s.server.connectionCount === 0, "every connection gone");
  } finally {
    await s.stop();
  }
});

test("HTTP/1.0: closed after the answer unless keep-alive was asked for; never chunked", async () => {
  const s = await start((req, res) => {
    if (req.url === "/stream") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("part1 ");
      res.end("part2");
    } else echo(req, res);
  });
  try {
    const plain = await RawClient.open(s.port);
    plain.send("GET /a HTTP/1.0\r\n\r\n");
    await plain.waitEnd();
    assert.equal(plain.text, "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 12\r\ndate: D\r\nconnection: close\r\n\r\nGET /a body=");
    plain.destroy();

    const ka = await RawClient.open(s.port);
    ka.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    await ka.wait((t) => answers(t).length === 1, "the first answer");
    assert.equal(answers(ka.text)[0]!.headers.connection, "keep-alive");
    ka.send("GET /stream HTTP/1.0\r\nconnection: keep-alive\r\n\r\n");
    // No content-length and a client that knows no chunked coding: the body ends with the connection.
    await ka.waitEnd();
    const second = ka.text.slice(ka.text.indexOf("GET /b body=") + "GET /b body=".length);
    assert.equal(second, "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ndate: D\r\nconnection: close\r\n\r\npart1 part2");
    ka.destroy();
  } finally {
    await s.stop();
  }
});

test("a response without content-length is sent chunked, byte for byte, and node:http decodes it", async () => {
  const s = await start(async (req, res) => {
    if (req.url === "/implicit") {
      res.write("first");
      return res.end();
    }
    res.writeHead(201, { "content-type": "text/event-stream", "x-a": 1 });
    assert.equal(res.headersSent, true);
    assert.equal(res.statusCode, 201);
    res.write("data: 1\n\n");
    res.write("");
    await sleep(15);
    res.write(Buffer.from("data: ü\n\n"));
    await sleep(15);
    res.end("data: [DONE]\n\n");
  });
  const c = await RawClient.open(s.port);
  const agent = new Agent({ keepAlive: true });
  try {
    c.send("GET /sse HTTP/1.1\r\n\r\n");
    await c.wait((t) => t.endsWith("0\r\n\r\n"), "the last chunk");
    assert.equal(c.text, [
      "HTTP/1.1 201 Created\r\ncontent-type: text/event-stream\r\nx-a: 1\r\ntransfer-encoding: chunked\r\ndate: D\r\n\r\n",
      "9\r\ndata: 1\n\n\r\n",
      "a\r\ndata: \xc3\xbc\n\n\r\n",
      "e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n",
    ].join(""));
    const before = c.text.length;
    c.send("GET /implicit HTTP/1.1\r\n\r\n");
    await c.wait((t) => t.endsWith("0\r\n\r\n") && t.length > before, "the implicit response");
    assert.equal(c.text.slice(before), "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ndate: D\r\n\r\n5\r\nfirst\r\n0\r\n\r\n");

    const get = (path: string) => new Promise<{ status: number; headers: Record<string, unknown>; body: string; port: number }>((resolve, reject) => {
      const r = httpRequest({ host: "127.0.0.1", port: s.port, path, agent }, (res) => {
        const port = res.socket.localPort!;
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString(), port }));
        res.on("error", reject);
      });
      r.on("error", reject);
      r.end();
    });
    const a = await get("/sse");
    assert.equal(a.status, 201);
    assert.equal(a.headers["transfer-encoding"], "chunked");
    assert.equal(a.body, "data: 1\n\ndata: ü\n\ndata: [DONE]\n\n");
    const b = await get("/implicit");
    assert.equal(b.body, "first");
    assert.equal(a.port, b.port, "node:http reused the connection");
  } finally {
    agent.destroy();
    c.destroy();
    await s.stop();
  }
});

test("HEAD, 204 and 304 answers carry no body and no chunked coding; the connection stays usable", async () => {
  const s = await start((req, res) => {
    if (req.url === "/204" || req.url === "/304") {
      res.writeHead(Number(req.url.slice(1)), req.url === "/204" ? { "x-a": "1" } : { etag: '"e"' });
      return res.end();
    }
    if (req.url === "/head-stream") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("ignored");
      return res.end("also ignored");
    }
    res.end("hello"); // content-length: 5 on HEAD too, but no body.
  });
  const c = await RawClient.open(s.port);
  try {
    const exchange = async (request: string, expected: string) => {
      const before = c.text.length;
      c.send(request);
      await c.wait((t) => t.length - before >= expected.length, request);
      await sleep(15);
      assert.equal(c.text.slice(before), expected, request);
    };
    await exchange("HEAD / HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\ncontent-length: 5\r\ndate: D\r\n\r\n");
    await exchange("HEAD /head-stream HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ndate: D\r\n\r\n");
    await exchange("GET /204 HTTP/1.1\r\n\r\n", "HTTP/1.1 204 No Content\r\nx-a: 1\r\ndate: D\r\n\r\n");
    await exchange("GET /304 HTTP/1.1\r\n\r\n", "HTTP/1.1 304 Not Modified\r\netag: \"e\"\r\ndate: D\r\n\r\n");
    await exchange("GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\ncontent-length: 5\r\ndate: D\r\n\r\nhello");
    assert.equal(c.ended, false);
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("a malformed request gets 400, 431 or 501 with connection: close, and the connection closes; the handler never runs", async () => {
  const table: { name: string; wire: string; status: number; reason: string }[] = [
    { name: "bad request line", wire: "GET /\r\n\r\n", status: 400, reason: "Bad Request" },
    { name: "not HTTP at all", wire: "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", status: 400, reason: "Bad Request" },
    { name: "bad header line", wire: "GET / HTTP/1.1\r\nno colon here\r\n\r\n", status: 400, reason: "Bad Request" },
    { name: "NUL in a header value", wire: "GET / HTTP/1.1\r\nx-a: a\x00b\r\n\r\n", status: 400, reason: "Bad Request" },
    { name: "transfer-encoding and content-length", wire: "POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\ncontent-length: 5\r\n\r\n0\r\n\r\n", status: 400, reason: "Bad Request" },
    { name: "bad content-length", wire: "POST / HTTP/1.1\r\ncontent-length: 5x\r\n\r\n", status: 400, reason: "Bad Request" },
    { name: "bad chunk size", wire: "POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\nxyz\r\n", status: 400, reason: "Bad Request" },
    { name: "non-chunked transfer-encoding", wire: "POST / HTTP/1.1\r\ntransfer-encoding: gzip\r\n\r\n", status: 501, reason: "Not Implemented" },
    { name: "headers over 64 KiB", wire: `GET / HTTP/1.1\r\nx-big: ${"a".repeat(100 * 1024)}`, status: 431, reason: "Request Header Fields Too Large" },
  ];
  let calls = 0;
  const s = await start((req, res) => {
    calls++;
    echo(req, res);
  });
  try {
    for (const row of table) {
      const c = await RawClient.open(s.port);
      try {
        c.send(row.wire);
        await c.waitEnd(row.name);
        const [a, ...more] = answers(c.text);
        assert.equal(more.length, 0, row.name);
        assert.match(a!.head, new RegExp(`^HTTP/1\\.1 ${row.status} ${row.reason}\\r\\ncontent-type: text/plain\\r\\ncontent-length: \\d+\\r\\nconnection: close$`), row.name);
        assert.ok(a!.body.endsWith("\n") && a!.body.length > 1, row.name);
      } finally {
        c.destroy();
      }
    }
    assert.equal(calls, 0);

    // A good request, then a bad one on the same connection: the first is answered, then the 400.
    const c = await RawClient.open(s.port);
    try {
      c.send("GET /ok HTTP/1.1\r\n\r\nBROKEN\r\n\r\n");
      await c.waitEnd();
      assert.deepEqual(answers(c.text).map((a) => [a.status, a.body.startsWith("GET /ok") ? "ok" : "error"]), [[200, "ok"], [400, "error"]]);
      assert.equal(calls, 1);
    } finally {
      c.destroy();
    }
    await until(() => s.server.connectionCount === 0, "every connection gone");
  } finally {
    await s.stop();
  }
});

test("deadlines: 408 for a request not received within requestTimeoutMs; idle and silent connections closed quietly", async () => {
  const s = await start(echo, { requestTimeoutMs: 200, keepAliveTimeoutMs: 200 });
  const clients: RawClient[] = [];
  const open = async () => {
    const c = await RawClient.open(s.port);
    clients.push(c);
    return c;
  };
  let busyTimer: NodeJS.Timeout | undefined;
  try {
    const partialHead = await open();
    partialHead.send("GET /slow HTTP/1.1\r\nhost: x\r\n");
    const partialBody = await open();
    partialBody.send("POST /slow HTTP/1.1\r\ncontent-length: 10\r\n\r\n01234");
    const idle = await open();
    idle.send("GET /once HTTP/1.1\r\n\r\n");
    const silent = await open();
    // A connection in steady use never idles for 200 ms: it must outlive the others.
    const busy = await open();
    let sent = 0;
    busyTimer = setInterval(() => {
      busy.send(`GET /busy${sent++} HTTP/1.1\r\n\r\n`);
    }, 50);
    const t0 = performance.now();
    await until(() => [partialHead, partialBody, idle, silent].every((c) => c.ended || c.closed), "the four deadline connections to close", 2500);
    const took = performance.now() - t0;
    assert.ok(took >= 150, `closed after ${took} ms`);
    for (const c of [partialHead, partialBody]) {
      const [a, ...more] = answers(c.text);
      assert.equal(more.length, 0);
      assert.match(a!.head, /^HTTP\/1\.1 408 Request Timeout\r\n/);
      assert.equal(a!.headers.connection, "close");
    }
    assert.equal(idle.text, "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 15\r\ndate: D\r\n\r\nGET /once body=", "only its answer, then a quiet close");
    assert.equal(silent.text, "");
    assert.equal(busy.ended || busy.closed, false, "a busy connection is not cut");
    assert.equal(answers(busy.text).length >= sent - 1, true);
    await until(() => s.server.connectionCount === 1, "the server to forget the closed connections");
  } finally {
    clearInterval(busyTimer);
    for (const c of clients) c.destroy();
    await s.stop();
  }
});

test("onAbort runs once when the client leaves mid-response; later writes are ignored", async () => {
  let aborts = 0;
  let settle!: () => void;
  const afterAbort = new Promise<void>((r) => (settle = r));
  const results: unknown[] = [];
  const s = await start((req, res) => {
    res.onAbort(() => {
      aborts++;
      results.push(res.destroyed);
      setTimeout(() => {
        results.push(res.write("late"));
        res.end("later");
        settle();
      }, 10);
    });
    if (req.url === "/complete") return res.end("done");
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("first");
  });
  try {
    const c = await RawClient.open(s.port);
    c.send("GET /stream HTTP/1.1\r\n\r\n");
    await c.wait((t) => t.endsWith("5\r\nfirst\r\n"), "the first chunk");
    c.destroy();
    await until(() => aborts === 1, "onAbort");
    await Promise.race([afterAbort, sleep(1000)]);
    assert.equal(aborts, 1);
    assert.deepEqual(results, [true, true]);
    await until(() => s.server.connectionCount === 0, "the connection forgotten");

    // A completed response is not aborted by a later close.
    const d = await RawClient.open(s.port);
    d.send("GET /complete HTTP/1.1\r\n\r\n");
    await d.wait((t) => answers(t).length === 1, "the response");
    d.destroy();
    await until(() => s.server.connectionCount === 0, "the second connection forgotten");
    await sleep(20);
    assert.equal(aborts, 1);
  } finally {
    await s.stop();
  }
});

test("close() refuses new connections, closes idle ones, and lets an in-flight response finish", async () => {
  const events: string[] = [];
  // The slow answer waits for the test, not a timer: on a loaded machine a timer could answer before close() runs.
  let answerSlow: (() => void) | undefined;
  const s = await start((req, res) => {
    if (req.url === "/slow") return void (answerSlow = () => echo(req, res));
    echo(req, res);
  });
  const idle = await RawClient.open(s.port);
  const busy = await RawClient.open(s.port);
  try {
    idle.send("GET /quick HTTP/1.1\r\n\r\n");
    await idle.wait((t) => answers(t).length === 1, "the idle connection's answer");
    busy.send("GET /slow HTTP/1.1\r\n\r\n");
    await until(() => answerSlow !== undefined, "the slow request to reach its handler");
    assert.equal(s.server.connectionCount, 2);
    busy.socket.once("end", () => events.push("busy answered"));
    const closing = s.server.close().then(() => events.push("closed"));
    await idle.waitEnd("the idle connection to be closed before the busy one answers");
    assert.equal(busy.ended || busy.closed, false, "the busy connection is still open");
    await assert.rejects(RawClient.open(s.port), (e: Error & { code?: string }) => e.code === "ECONNREFUSED");
    answerSlow!();
    await busy.waitEnd("the busy connection to close after its answer");
    const [a] = answers(busy.text);
    assert.equal(a!.body, "GET /slow body=");
    assert.equal(a!.headers.connection, "close", "the last answer says the connection closes");
    await closing;
    // Both happen; which the test process sees first is a race between two sockets closing.
    assert.deepEqual([...events].sort(), ["busy answered", "closed"]);
    assert.equal(s.server.connectionCount, 0);
  } finally {
    idle.destroy();
    busy.destroy();
    await s.stop();
  }
});

test("closeAllConnections() cuts busy connections; their responses see onAbort", async () => {
  let aborted = 0;
  const s = await start((_req, res) => {
    res.onAbort(() => aborted++);
    res.writeHead(200, {});
    res.write("streaming");
  });
  const c = await RawClient.open(s.port);
  try {
    c.send("GET / HTTP/1.1\r\n\r\n");
    await c.wait((t) => t.includes("streaming"), "the stream to start");
    s.server.closeAllConnections();
    await c.waitEnd();
    await until(() => aborted === 1, "onAbort");
    assert.equal(s.server.connectionCount, 0);
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("write() reports a full socket buffer and onDrain says when to go on", async () => {
  const size = 8 * 1024 * 1024;
  const log: string[] = [];
  const s = await start((_req, res) => {
    res.writeHead(200, { "content-length": size + 3 });
    const ok = res.write(Buffer.alloc(size, 0x61));
    log.push(`write ${ok}`);
    if (ok) return res.end("end");
    res.onDrain(() => {
      log.push("drain");
      res.end("end");
    });
  });
  const c = await RawClient.open(s.port);
  try {
    c.socket.pause();
    c.send("GET / HTTP/1.1\r\n\r\n");
    await sleep(50);
    assert.deepEqual(log, ["write false"], "no drain while the client reads nothing");
    c.socket.resume();
    await until(() => c.received.endsWith("aend"), "the whole body", 3000);
    assert.deepEqual(log, ["write false", "drain"]);
    assert.equal(answers(c.text)[0]!.body.length, size + 3);
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("closeAfter() closes the connection after the answer and says so; writeHead twice throws", async () => {
  const errors: string[] = [];
  const s = await start((_req, res) => {
    res.closeAfter();
    res.writeHead(200, { "content-length": 2 });
    try {
      res.writeHead(500, {});
    } catch (e) {
      errors.push((e as Error).message);
    }
    res.end("ok");
    res.end("twice"); // ignored
  });
  const c = await RawClient.open(s.port);
  try {
    c.send("GET / HTTP/1.1\r\n\r\nGET /never HTTP/1.1\r\n\r\n");
    await c.waitEnd();
    assert.equal(c.text, "HTTP/1.1 200 OK\r\ncontent-length: 2\r\ndate: D\r\nconnection: close\r\n\r\nok");
    assert.deepEqual(errors, ["writeHead called twice"]);
  } finally {
    c.destroy();
    await s.stop();
  }
});

test("connectionCount follows connections as they open and close", async () => {
  const s = await start(echo);
  try {
    assert.equal(s.server.connectionCount, 0);
    const a = await RawClient.open(s.port);
    const b = await RawClient.open(s.port);
    await until(() => s.server.connectionCount === 2, "two connections");
    a.destroy();
    await until(() => s.server.connectionCount === 1, "one connection");
    b.destroy();
    await until(() => s.server.connectionCount === 0, "no connection");
  } finally {
    await s.stop();
  }
});

test("onAbandoned hears requests that never reached the handler: 499 for a client gone mid-body, 400 for a bad chunked body", async () => {
  const abandoned: [string, string, number][] = [];
  let handled = 0;
  const s = await start(() => void handled++, { onAbandoned: (req, status) => void abandoned.push([req.method, req.url, status]) });
  try {
    const gone = await RawClient.open(s.port);
    gone.send("POST /v1/chat/completions?x=1 HTTP/1.1\r\ncontent-length: 100\r\n\r\n{\"model\":");
    await sleep(30);
    gone.destroy();
    const bad = await RawClient.open(s.port);
    bad.send("POST /v1/embeddings HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n");
    await bad.waitEnd("the 400 and close");
    assert.match(bad.text, /^HTTP\/1\.1 400 /);
    const idle = await RawClient.open(s.port);
    idle.destroy();
    await until(() => abandoned.length === 2 && s.server.connectionCount === 0, "both abandoned requests");
    await sleep(20);
    assert.deepEqual(abandoned.sort(), [["POST", "/v1/chat/completions?x=1", 499], ["POST", "/v1/embeddings", 400]]);
    assert.equal(handled, 0);
  } finally {
    await s.stop();
  }
});
