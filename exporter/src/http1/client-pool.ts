import { connect as netConnect, isIP, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import { MessageParser, type MessageHead } from "./message-parser";

/**
 * The client's own error codes; socket errors keep their errno code (ECONNREFUSED, ECONNRESET, ...) and bytes
 * that are not a response come as {@link HttpParseError} (code HTTP_MALFORMED).
 * - CONNECT_TIMEOUT / HEADERS_TIMEOUT / BODY_TIMEOUT: the connect, first-byte and idle timeouts.
 * - CLOSED: the upstream closed the connection before the response was complete.
 * - TOO_LARGE: a buffered answer passed its size limit.
 * - INVALID_REQUEST: a header value with CR, LF or NUL.
 * - POOL_CLOSED: the request was dispatched after the pool was closed.
 */
export type UpstreamErrorCode =
  | "UPSTREAM_CONNECT_TIMEOUT" | "UPSTREAM_HEADERS_TIMEOUT" | "UPSTREAM_BODY_TIMEOUT" | "UPSTREAM_CLOSED" | "UPSTREAM_TOO_LARGE"
  | "UPSTREAM_INVALID_REQUEST" | "UPSTREAM_POOL_CLOSED";

/** Why an upstream call failed without a complete response. */
export class UpstreamClientError extends Error {
  override name = "UpstreamClientError";
  constructor(readonly code: UpstreamErrorCode, message: string) {
    super(message);
  }
}

/** Options of {@link UpstreamPool}. */
export interface UpstreamPoolOptions {
  /** TCP (and TLS) connect timeout, in milliseconds. Required. */
  connectTimeoutMs: number;
  /** How long an unused connection is kept for reuse, in milliseconds; an upstream's shorter `keep-alive: timeout` wins. Defaults to 30000. */
  keepAliveMs?: number;
  /** Extra TLS settings for an https origin (e.g. `ca` for a private CA; NODE_EXTRA_CA_CERTS works too). Defaults to Node's. */
  tls?: Pick<ConnectionOptions, "ca" | "cert" | "key" | "rejectUnauthorized">;
}

/** One request to the upstream. */
export interface UpstreamRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  path: string;
  /** Request headers (lower-case names); `host` and `content-length` are added. */
  headers: Record<string, string>;
  body?: Buffer | string;
  /** Time allowed from sending the request until the response head, in milliseconds (first-byte timeout). */
  headersTimeoutMs: number;
  /** Longest silence between two reads of the response body, in milliseconds (idle timeout). */
  bodyTimeoutMs: number;
}

/**
 * Receives one response. After `onResponseEnd` or `onResponseError` nothing more is called, and nothing at all is
 * called once the caller has aborted.
 */
export interface ResponseHandler {
  onResponseStart(status: number, headers: Record<string, string>): void;
  /** A slice of the body, sharing memory with the socket read it came in (Node allocates each read afresh). */
  onResponseData(chunk: Buffer): void;
  onResponseEnd(): void;
  /** `err.code` is an {@link UpstreamErrorCode}, HTTP_MALFORMED or a socket errno code (ECONNREFUSED, ECONNRESET, ...). */
  onResponseError(err: Error & { code?: string }): void;
}

/** What the caller can do with a dispatched request. */
export interface CallControl {
  /** Drops the request and its connection; no handler method is called after this. */
  abort(): void;
  /** Stops reading the response (backpressure); the idle timeout does not run meanwhile. */
  pause(): void;
  resume(): void;
}

/** A buffered response, from {@link UpstreamPool.request}. */
export interface BufferedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Illegal in a header value: CR, LF and NUL would let a value smuggle a header or a request. */
const UNSAFE_HEADER_VALUE = /[\r\n\0]/;
const NON_ASCII = /[^\x00-\x7f]/;
/** How often idle connections past their keep-alive are closed, in milliseconds. */
const SWEEP_EVERY_MS = 1000;
/** Margin below an upstream's announced keep-alive timeout, so a request never races the upstream's own close. */
const KEEP_ALIVE_MARGIN_MS = 1000;

/** One keep-alive connection, serving at most one request at a time. */
class Connection {
  call: Call | undefined;
  idleSince = 0;
  maxIdleMs: number;
  /** One parser for the connection's life, reset per request: a request allocates no parser of its own. */
  readonly parser: MessageParser;
  private error: Error | undefined;

  constructor(private readonly pool: UpstreamPool, readonly socket: Socket, connectEvent: string, keepAliveMs: number) {
    this.maxIdleMs = keepAliveMs;
    this.parser = new MessageParser({
      onHead: (head) => this.call?.gotHead(head),
      onBody: (chunk) => this.call?.body(chunk),
      onComplete: () => this.call?.completed(),
    }, "response");
    socket.setNoDelay(true);
    socket.once(connectEvent, () => this.call?.connected());
    socket.on("data", (chunk: Buffer) => {
      // Bytes on an idle connection answer nothing we asked: the connection cannot be trusted any more.
      if (this.call) this.call.data(chunk);
      else socket.destroy();
    });
    socket.on("error", (err) => {
      this.error = err;
    });
    socket.on("close", () => {
      this.pool.forget(this);
      this.call?.closed(this.error);
    });
  }
}

/** One request on its way: owns the connection while it runs, and the current phase's timer. */
class Call implements CallControl {
  private conn: Connection | undefined;
  private parser!: MessageParser;
  private timer: NodeJS.Timeout | undefined;
  private timerCode: UpstreamErrorCode = "UPSTREAM_CONNECT_TIMEOUT";
  private head: MessageHead | undefined;
  /** Set once the call has ended, whichever way: completed, failed or aborted. */
  private done = false;
  private succeeded = false;
  private paused = false;
  private readonly onTimer = () => this.fail(new UpstreamClientError(this.timerCode, this.timeoutMessage()));

  constructor(private readonly pool: UpstreamPool, private readonly req: UpstreamRequest, private readonly wire: Buffer | string, private readonly handler: ResponseHandler) {}

  /** Sends on `conn` now if it is connected, else once it is. */
  start(conn: Connection, connecting: boolean): void {
    this.conn = conn;
    conn.call = this;
    this.parser = conn.parser;
    conn.parser.reset(this.req.method === "HEAD");
    if (connecting) this.arm("UPSTREAM_CONNECT_TIMEOUT");
    else this.connected();
  }

  connected(): void {
    if (this.done) return;
    this.conn!.socket.write(this.wire);
    this.arm("UPSTREAM_HEADERS_TIMEOUT");
  }

  data(chunk: Buffer): void {
    if (this.done) return;
    try {
      this.parser.execute(chunk);
    } catch (e) {
      return this.fail(e as Error);
    }
    if (!this.done) {
      // Armed here rather than on the head: most answers arrive whole in one read and never need the timer.
      if (this.head && !this.paused) {
        if (this.timer) this.timer.refresh();
        else this.arm("UPSTREAM_BODY_TIMEOUT");
      }
      return;
    }
    if (!this.succeeded) return;
    // Complete: hand the connection back, unless the upstream said otherwise or sent more than one response.
    const conn = this.conn!;
    this.conn = undefined;
    conn.call = undefined;
    const reusable = this.head!.keepAlive && !this.parser.readsUntilClose && this.parser.rest === undefined;
    if (reusable) this.pool.release(conn, this.head!.keepAliveTimeoutMs);
    else conn.socket.destroy();
  }

  closed(err: Error | undefined): void {
    if (this.done) return;
    // A body without framing ends with a clean close; a socket error or anything else ending now cuts it short.
    if (err === undefined && this.parser.finish()) return;
    this.fail(err ?? new UpstreamClientError("UPSTREAM_CLOSED", this.parser.untouched
      ? "upstream closed the connection before responding"
      : "upstream closed the connection in the middle of the response"));
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    this.parser.stop();
    this.disarm();
    this.conn?.socket.destroy();
  }

  pause(): void {
    if (this.done || this.paused) return;
    this.paused = true;
    this.conn?.socket.pause();
    this.disarm();
  }

  /** Reading goes on; the phase's timer starts afresh (a paused call is waiting for its client, not its upstream). */
  resume(): void {
    if (this.done || !this.paused) return;
    this.paused = false;
    this.conn?.socket.resume();
    this.arm(this.timerCode);
  }

  body(chunk: Buffer): void {
    this.handler.onResponseData(chunk);
  }

  gotHead(head: MessageHead): void {
    this.head = head;
    this.disarm();
    this.timerCode = "UPSTREAM_BODY_TIMEOUT";
    this.handler.onResponseStart(head.status, head.headers);
  }

  completed(): void {
    this.done = true;
    this.succeeded = true;
    this.disarm();
    if (this.paused) this.conn?.socket.resume();
    this.handler.onResponseEnd();
  }

  fail(err: Error): void {
    if (this.done) return;
    this.done = true;
    this.parser.stop();
    this.disarm();
    this.conn?.socket.destroy();
    this.handler.onResponseError(err);
  }

  /** Starts the timer of a phase (connect, first byte, or idle between body reads). */
  private arm(code: UpstreamErrorCode): void {
    this.timerCode = code;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.onTimer, this.phaseMs(code));
  }

  private phaseMs(code: UpstreamErrorCode): number {
    if (code === "UPSTREAM_CONNECT_TIMEOUT") return this.pool.connectTimeoutMs;
    return code === "UPSTREAM_HEADERS_TIMEOUT" ? this.req.headersTimeoutMs : this.req.bodyTimeoutMs;
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private timeoutMessage(): string {
    const ms = this.phaseMs(this.timerCode);
    if (this.timerCode === "UPSTREAM_CONNECT_TIMEOUT") return `no connection within ${ms} ms`;
    return this.timerCode === "UPSTREAM_HEADERS_TIMEOUT" ? `no response headers within ${ms} ms` : `no response data for ${ms} ms`;
  }
}

/**
 * A keep-alive HTTP/1.1 client for one upstream origin, written for the proxy's hot path: one write per request
 * (head and body together), a parser that does not copy bodies, no per-request streams or promises. undici
 * spends several times the CPU per request on its general machinery (see the README's benchmark section).
 * Connections are reused last-in first-out, so a steady load keeps few sockets warm; there is no limit on
 * concurrent connections, and no request is ever retried (an LLM call is not idempotent).
 */
export class UpstreamPool {
  readonly connectTimeoutMs: number;
  private readonly keepAliveMs: number;
  private readonly host: string;
  private readonly hostHeader: string;
  private readonly port: number;
  private readonly tls: boolean;
  private readonly tlsOptions: UpstreamPoolOptions["tls"];
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(origin: string | URL, options: UpstreamPoolOptions) {
    const url = new URL(origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`upstream ${url.href}: expected an http or https URL`);
    this.tls = url.protocol === "https:";
    this.host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    this.hostHeader = url.host;
    this.port = url.port ? Number(url.port) : this.tls ? 443 : 80;
    this.connectTimeoutMs = options.connectTimeoutMs;
    this.keepAliveMs = options.keepAliveMs ?? 30_000;
    this.tlsOptions = options.tls;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();
  }

  /** Open connections, busy or idle (for leak checks). */
  get connections(): number {
    return this.all.size;
  }

  /** Sends a request; the handler hears the response. Throws synchronously only when the pool is closed or a header is unsafe. */
  dispatch(req: UpstreamRequest, handler: ResponseHandler): CallControl {
    if (this.closed) throw new UpstreamClientError("UPSTREAM_POOL_CLOSED", "the upstream connection pool is closed");
    const call = new Call(this, req, this.serialize(req), handler);
    const reused = this.takeIdle();
    if (reused) call.start(reused, false);
    else call.start(this.open(), true);
    return call;
  }

  /** Sends a request and buffers the whole answer (for cold paths: probes, model lists); rejects past `maxBytes`. */
  request(req: UpstreamRequest, maxBytes = 16 * 1024 * 1024): Promise<BufferedResponse> {
    return new Promise((resolve, reject) => {
      let status = 0, headers: Record<string, string> = {}, size = 0;
      const chunks: Buffer[] = [];
      const control = this.dispatch(req, {
        onResponseStart: (s, h) => {
          status = s;
          headers = h;
        },
        onResponseData: (chunk) => {
          size += chunk.length;
          if (size > maxBytes) {
            control.abort();
            reject(new UpstreamClientError("UPSTREAM_TOO_LARGE", `upstream answer exceeds ${maxBytes} bytes`));
          } else chunks.push(chunk);
        },
        onResponseEnd: () => resolve({ status, headers, body: Buffer.concat(chunks, size) }),
        onResponseError: reject,
      });
    });
  }

  /** Closes every connection, idle or busy; later dispatches throw. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    // A connection leaves `all` in its 'close' handler, so every one still here has that event to come.
    const closing = [...this.all].map((c) => new Promise<void>((resolve) => {
      c.socket.once("close", () => resolve());
      c.call?.fail(new UpstreamClientError("UPSTREAM_POOL_CLOSED", "the upstream connection pool was closed during the request"));
      c.socket.destroy();
    }));
    await Promise.all(closing);
  }

  /** Called by a connection whose call completed cleanly; `upstreamKeepAliveMs` is the upstream's announced limit. */
  release(conn: Connection, upstreamKeepAliveMs: number | undefined): void {
    if (this.closed) return void conn.socket.destroy();
    if (upstreamKeepAliveMs !== undefined) conn.maxIdleMs = Math.min(this.keepAliveMs, upstreamKeepAliveMs - KEEP_ALIVE_MARGIN_MS);
    if (conn.maxIdleMs <= 0) return void conn.socket.destroy();
    conn.idleSince = performance.now();
    this.idle.push(conn);
  }

  /** Called by a connection once its socket has closed. */
  forget(conn: Connection): void {
    this.all.delete(conn);
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
  }

  private takeIdle(): Connection | undefined {
    const now = performance.now();
    for (let conn = this.idle.pop(); conn; conn = this.idle.pop()) {
      if (!conn.socket.destroyed && now - conn.idleSince < conn.maxIdleMs) return conn;
      conn.socket.destroy();
    }
    return undefined;
  }

  private open(): Connection {
    const socket = this.tls
      ? tlsConnect({ ...this.tlsOptions, host: this.host, port: this.port, ALPNProtocols: ["http/1.1"], ...(isIP(this.host) ? {} : { servername: this.host }) })
      : netConnect({ host: this.host, port: this.port });
    const conn = new Connection(this, socket, this.tls ? "secureConnect" : "connect", this.keepAliveMs);
    this.all.add(conn);
    return conn;
  }

  private sweep(): void {
    const now = performance.now();
    for (const conn of [...this.idle]) if (now - conn.idleSince >= conn.maxIdleMs) conn.socket.destroy();
  }

  /** The request as it goes on the wire: one string when the body is text, one buffer otherwise. */
  private serialize(req: UpstreamRequest): Buffer | string {
    let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\n`;
    for (const name in req.headers) {
      const value = req.headers[name]!;
      if (UNSAFE_HEADER_VALUE.test(value)) throw new UpstreamClientError("UPSTREAM_INVALID_REQUEST", `header ${name}: value contains CR, LF or NUL`);
      head += `${name}: ${value}\r\n`;
    }
    const body = req.body;
    head += body === undefined ? "\r\n" : `content-length: ${typeof body === "string" ? Buffer.byteLength(body) : body.length}\r\n\r\n`;
    // Header bytes are latin1 (as the parser read them). A pure-ASCII head with a text body goes out as one string,
    // whose UTF-8 encoding is then the same bytes; anything else is assembled as a buffer.
    if (!NON_ASCII.test(head)) {
      if (body === undefined) return head;
      if (typeof body === "string") return head + body;
    }
    const headBytes = Buffer.from(head, "latin1");
    return body === undefined ? headBytes : Buffer.concat([headBytes, typeof body === "string" ? Buffer.from(body) : body]);
  }
}
