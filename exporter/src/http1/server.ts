import { STATUS_CODES } from "node:http";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { cachedTimeFormatter } from "../cached-time";
import { HttpParseError, MessageParser, type MessageHead } from "./message-parser";

/** A request with its whole body, as the server hands it to the handler. */
export interface HttpRequest {
  readonly method: string;
  /** The request target as sent: path and query. */
  readonly url: string;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The whole body (empty when there was none, or when it was too large). */
  readonly body: Buffer;
  /** The body passed `maxBodyBytes` (declared or received): it was not read, and the connection closes after the answer. */
  readonly bodyTooLarge: boolean;
  readonly remoteAddress: string | undefined;
}

/** The answer to one request. Nothing reaches the socket before the first `write` or `end`, which send head and data in one write. */
export interface HttpResponse {
  /** Whether `writeHead` was called: the status can no longer change. */
  readonly headersSent: boolean;
  /** Whether the client connection is gone. */
  readonly destroyed: boolean;
  readonly statusCode: number;
  /** Sets status and headers (lower-case names). Without `content-length` the body is sent chunked. */
  writeHead(status: number, headers: Readonly<Record<string, string | number>>): void;
  /** Sends body bytes; false when the socket's buffer is full (wait for `onDrain`). */
  write(chunk: Buffer | string): boolean;
  /** Sends the last body bytes, if any, and completes the response. */
  end(chunk?: Buffer | string): void;
  /** Closes the connection after this response instead of keeping it alive; called before `writeHead`, the head says so. */
  closeAfter(): void;
  /** `fn` runs once if the client goes away before the response is complete. */
  onAbort(fn: () => void): void;
  /** `fn` runs once when the socket's buffer has drained. */
  onDrain(fn: () => void): void;
  /** Cuts the connection at once (a response that cannot be completed). */
  destroy(): void;
}

export type HttpHandler = (req: HttpRequest, res: HttpResponse) => void;

/**
 * Hears about a request whose head arrived but that never reached the handler: `status` is 499 when the client
 * left mid-body, or what the server answered (408 too slow, 400 a malformed chunked body).
 */
export type AbandonedRequestListener = (req: HttpRequest, status: number) => void;

/** Options of {@link Http1Server}. */
export interface Http1ServerOptions {
  /** Largest request body read, in bytes; a larger one reaches the handler as `bodyTooLarge`. Required. */
  maxBodyBytes: number;
  /** How long an idle keep-alive connection stays open, in milliseconds. Defaults to 65000 (above common load balancers' 60 s). */
  keepAliveTimeoutMs?: number;
  /** Time allowed to receive a whole request (head and body), in milliseconds; then 408 and close. Defaults to 60000. */
  requestTimeoutMs?: number;
  /** Called for each request abandoned mid-body, so it can still be counted. Defaults to none. */
  onAbandoned?: AbandonedRequestListener;
}

/** Pipelined bytes held while a response is in progress before the server stops reading the connection. */
const MAX_BACKLOG_BYTES = 64 * 1024;
/** How often connection deadlines (idle keep-alive, slow requests) are checked, in milliseconds. */
const SWEEP_EVERY_MS = 1000;
const EMPTY = Buffer.alloc(0);
const LAST_CHUNK = "0\r\n\r\n";

/** The `date` header, formatted once per second rather than once per response. */
const httpDate = cachedTimeFormatter(1000, (now) => new Date(now).toUTCString());

class Response implements HttpResponse {
  headersSent = false;
  statusCode = 200;
  finished = false;
  aborted = false;
  private head = "";
  private chunked = false;
  private keepAlive: boolean;
  private abortHandlers: (() => void)[] | undefined;

  constructor(private readonly conn: Connection, private readonly requestHead: MessageHead, tooLarge: boolean) {
    this.keepAlive = requestHead.keepAlive && !tooLarge;
  }

  get destroyed(): boolean {
    return this.aborted || this.conn.socket.destroyed;
  }

  writeHead(status: number, headers: Readonly<Record<string, string | number>>): void {
    if (this.headersSent) throw new Error("writeHead called twice");
    this.headersSent = true;
    this.statusCode = status;
    const http10 = this.requestHead.minorVersion === 0;
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Unknown"}\r\n`;
    let framed = status === 204 || status === 304 || this.requestHead.method === "HEAD";
    for (const name in headers) {
      const value = headers[name]!;
      if (name === "content-length") framed = true;
      head += `${name}: ${value}\r\n`;
    }
    if (!framed) {
      // An HTTP/1.0 client knows no chunked coding: the body ends with the connection.
      if (http10) this.keepAlive = false;
      else {
        this.chunked = true;
        head += "transfer-encoding: chunked\r\n";
      }
    }
    if (this.conn.server.closing) this.keepAlive = false;
    head += `date: ${httpDate()}\r\n`;
    head += this.keepAlive ? (http10 ? "connection: keep-alive\r\n\r\n" : "\r\n") : "connection: close\r\n\r\n";
    this.head = head;
  }

  write(chunk: Buffer | string): boolean {
    if (this.finished || this.destroyed) return true;
    if (!this.headersSent) this.writeHead(200, {});
    return this.send(chunk, false);
  }

  end(chunk?: Buffer | string): void {
    if (this.finished) return;
    this.finished = true;
    if (this.destroyed) return;
    if (!this.headersSent) this.writeHead(200, { "content-length": chunk === undefined ? 0 : Buffer.byteLength(chunk) });
    this.send(chunk ?? EMPTY, true);
    this.conn.responseDone(this.keepAlive);
  }

  closeAfter(): void {
    this.keepAlive = false;
  }

  onAbort(fn: () => void): void {
    (this.abortHandlers ??= []).push(fn);
  }

  onDrain(fn: () => void): void {
    this.conn.socket.once("drain", fn);
  }

  destroy(): void {
    this.finished = true;
    this.conn.socket.destroy();
  }

  /** The client left before the response completed. */
  abort(): void {
    if (this.finished || this.aborted) return;
    this.aborted = true;
    for (const fn of this.abortHandlers ?? []) fn();
  }

  /** Writes the pending head (if any) and `chunk` with one socket write. */
  private send(chunk: Buffer | string, last: boolean): boolean {
    const noBody = this.requestHead.method === "HEAD";
    const body = noBody || chunk.length === 0 ? EMPTY : typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    let prefix = this.head;
    this.head = "";
    let suffix = "";
    if (this.chunked) {
      if (body.length > 0) {
        prefix += `${body.length.toString(16)}\r\n`;
        suffix = "\r\n";
      }
      if (last) suffix += LAST_CHUNK;
    }
    const socket = this.conn.socket;
    if (prefix === "" && suffix === "") return body.length === 0 ? true : socket.write(body);
    if (body.length === 0) return socket.write(prefix + suffix, "latin1");
    const out = Buffer.allocUnsafe(prefix.length + body.length + suffix.length);
    out.write(prefix, 0, "latin1");
    body.copy(out, prefix.length);
    if (suffix !== "") out.write(suffix, prefix.length + body.length, "latin1");
    return socket.write(out);
  }
}

/** One client connection: parses requests one at a time, hands each to the handler, holds pipelined bytes meanwhile. */
class Connection {
  private readonly parser: MessageParser;
  private head: MessageHead | undefined;
  private chunks: Buffer[] = [];
  private size = 0;
  private tooLarge = false;
  private response: Response | undefined;
  private backlog: Buffer[] = [];
  private backlogBytes = 0;
  /** The status reject() answered with, if it did. */
  private rejectedWith: number | undefined;
  /** When the connection is cut if nothing changes (performance.now() ms); Infinity while a response is in progress. */
  deadline: number;

  constructor(readonly server: Http1Server, readonly socket: Socket) {
    this.deadline = performance.now() + server.requestTimeoutMs;
    this.parser = new MessageParser({
      onHead: (head) => this.gotHead(head),
      onBody: (chunk) => this.gotBody(chunk),
      onComplete: () => this.dispatch(),
    }, "request");
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.bytes(chunk));
    // A reset client surfaces as an error; 'close' follows and does the cleanup.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      server.forget(this);
      if (this.response) this.response.abort();
      else if (this.head) server.onAbandoned?.(this.request(EMPTY, false), this.rejectedWith ?? 499);
    });
  }

  /** Whether a response is in progress (a request still arriving does not count: close() may cut it). */
  get busy(): boolean {
    return this.response !== undefined;
  }

  /** Called by the response when it completed. */
  responseDone(keepAlive: boolean): void {
    this.response = undefined;
    this.head = undefined;
    if (!keepAlive || this.server.closing) {
      this.socket.end();
      return;
    }
    this.deadline = performance.now() + this.server.keepAliveTimeoutMs;
    const rest = this.parser.reset();
    const backlog = this.backlog;
    if (rest === undefined && backlog.length === 0) return;
    this.backlog = [];
    this.backlogBytes = 0;
    const pending = rest === undefined ? Buffer.concat(backlog) : Buffer.concat([rest, ...backlog]);
    // The next pipelined request starts after the current handler has returned, not inside its end() call. Reading
    // resumes only once the held bytes are in: bytes that arrived meanwhile come after them.
    process.nextTick(() => {
      if (this.socket.destroyed) return;
      this.bytes(pending);
      if (this.socket.isPaused() && this.backlogBytes <= MAX_BACKLOG_BYTES) this.socket.resume();
    });
  }

  /** Cuts a connection whose deadline passed: 408 for a request in progress, silence for an idle one. */
  expire(): void {
    if (!this.parser.untouched) this.reject(408, "request not received in time");
    else this.socket.destroy();
  }

  private bytes(chunk: Buffer): void {
    if (this.response) {
      // Pipelined: hold the next request until this response is out; stop reading if the client floods.
      this.backlog.push(chunk);
      this.backlogBytes += chunk.length;
      if (this.backlogBytes > MAX_BACKLOG_BYTES) this.socket.pause();
      return;
    }
    if (this.parser.untouched) this.deadline = performance.now() + this.server.requestTimeoutMs;
    try {
      this.parser.execute(chunk);
    } catch (e) {
      const err = e as HttpParseError;
      this.reject(err.status ?? 400, err.message);
    }
  }

  private gotHead(head: MessageHead): void {
    this.head = head;
    this.chunks = [];
    this.size = 0;
    this.tooLarge = false;
    const declared = head.headers["content-length"];
    if (declared !== undefined && Number(declared) > this.server.maxBodyBytes) return this.bodyTooLarge();
    // RFC 9110 10.1.1: an HTTP/1.0 client's expectation is ignored.
    if (head.minorVersion === 1 && head.headers.expect?.toLowerCase() === "100-continue" && !this.parser.complete) {
      this.socket.write("HTTP/1.1 100 Continue\r\n\r\n");
    }
  }

  private gotBody(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.server.maxBodyBytes) return this.bodyTooLarge();
    this.chunks.push(chunk);
  }

  /** Answers without reading the rest of the body; the connection closes after the answer. */
  private bodyTooLarge(): void {
    this.tooLarge = true;
    this.parser.stop();
    this.chunks = [];
    this.socket.pause();
    this.dispatch();
  }

  private dispatch(): void {
    const head = this.head!;
    const chunks = this.chunks;
    this.chunks = [];
    const body = chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.size);
    const res = new Response(this, head, this.tooLarge);
    this.response = res;
    this.deadline = Infinity;
    const req = this.request(body, this.tooLarge);
    try {
      this.server.handler(req, res);
    } catch {
      // A handler that throws costs its own request, and is not mistaken for a malformed request by bytes().
      if (!res.headersSent) {
        res.closeAfter();
        res.writeHead(500, { "content-type": "text/plain", "content-length": 15 });
        res.end("internal error\n");
      } else res.destroy();
    }
  }

  private request(body: Buffer, bodyTooLarge: boolean): HttpRequest {
    const head = this.head!;
    return { method: head.method, url: head.target, headers: head.headers, body, bodyTooLarge, remoteAddress: this.socket.remoteAddress };
  }

  /** Answers a request that cannot be parsed or completed, and closes. */
  private reject(status: number, message: string): void {
    this.rejectedWith = status;
    this.parser.stop();
    const body = `${message}\n`;
    this.socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Bad Request"}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  }
}

/**
 * A lean HTTP/1.1 server for the proxy's hot path. node:http's IncomingMessage/ServerResponse streams cost about
 * 20 us of CPU per request with a trivial handler on this project's machines, this server about 8; it parses with
 * {@link MessageParser}, reads the whole body before calling the handler (the proxy needs it anyway), and sends
 * each response head together with its first body bytes in one socket write. It keeps connections alive,
 * answers pipelined requests in order, supports chunked request bodies and `Expect: 100-continue`, and cuts
 * slow or idle connections. A client closing its side mid-response counts as gone, as node:http does.
 */
export class Http1Server {
  readonly maxBodyBytes: number;
  readonly keepAliveTimeoutMs: number;
  readonly requestTimeoutMs: number;
  closing = false;
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly sweeper: NodeJS.Timeout;

  readonly onAbandoned: AbandonedRequestListener | undefined;

  constructor(readonly handler: HttpHandler, options: Http1ServerOptions) {
    this.onAbandoned = options.onAbandoned;
    this.maxBodyBytes = options.maxBodyBytes;
    this.keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 65_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.server = createServer((socket) => {
      if (this.closing) return void socket.destroy();
      this.connections.add(new Connection(this, socket));
    });
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();
  }

  /** Open client connections (for leak checks). */
  get connectionCount(): number {
    return this.connections.size;
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting and closes idle connections; busy ones close after their response. Resolves when all are gone. */
  close(): Promise<void> {
    this.closing = true;
    // The sweep keeps running until the last connection is gone, so a half-sent request cannot hold the close up.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve())).finally(() => clearInterval(this.sweeper));
    for (const c of this.connections) if (!c.busy) c.socket.destroy();
    return closed;
  }

  /** Cuts every connection, busy or not. */
  closeAllConnections(): void {
    for (const c of this.connections) c.socket.destroy();
  }

  /** Called by a connection once its socket has closed. */
  forget(conn: Connection): void {
    this.connections.delete(conn);
  }

  private sweep(): void {
    const now = performance.now();
    for (const c of this.connections) if (now >= c.deadline) c.expire();
  }
}
