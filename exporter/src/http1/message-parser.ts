/** Bytes that are not a valid HTTP/1.1 message. `status` is what a server answers such a request with. */
export class HttpParseError extends Error {
  override name = "HttpParseError";
  readonly code = "HTTP_MALFORMED";
  constructor(message: string, readonly status: 400 | 431 | 501 = 400) {
    super(message);
  }
}

/** The start line and headers of a message. Header names are lower-case; repeated headers are joined with ", ". */
export interface MessageHead {
  /** Response status; 0 for a request. */
  status: number;
  /** Request method and target; "" for a response. */
  method: string;
  target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minorVersion: number;
  headers: Record<string, string>;
  /** Whether the connection may carry another message once this one is complete. */
  keepAlive: boolean;
  /** The peer's own idle limit (`keep-alive: timeout=N`), in milliseconds, when it announced one. */
  keepAliveTimeoutMs: number | undefined;
}

/** What the parser reports, in order: one head, body chunks (slices of the input, not copies), completion. */
export interface ParserEvents {
  onHead(head: MessageHead): void;
  onBody(chunk: Buffer): void;
  onComplete(): void;
}

/** Largest start line + headers accepted; larger is a malformed (or hostile) peer. */
export const MAX_HEAD_BYTES = 64 * 1024;
/** Longest chunk-size line (hex size plus chunk extensions) accepted. */
const MAX_CHUNK_LINE_BYTES = 1024;
const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");
// A status code is 100-599 in use (RFC 9110 15); one below 100 is refused, or 0xx could pass for 1xx (found by the
// response fuzz test: "050" was skipped as an interim response, and llhttp reads it as the final one).
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: .*)?$/;
// Targets in origin form (`/path?query`), asterisk form (`OPTIONS *`) or absolute form, visible ASCII only
// (RFC 9112 3.2): raw non-ASCII bytes in a target are refused, as node:http refuses them.
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\/[\x21-\x7e]*|\*|[A-Za-z][A-Za-z0-9+.-]*:\/\/[\x21-\x7e]+) HTTP\/1\.([01])$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Whether bytes [from, to) of a head hold a byte no head may: a head has visible characters, spaces, tabs and
 * obs-text, and CR and LF only as CRLF line ends; no NUL or other control. A byte loop, because this runs on
 * two heads per proxied request and a regular expression with look-around costs several times more.
 */
/** Where a field line's colon is, or -1 when the name before it is no token (header and trailer lines alike). */
function fieldColon(line: string): number {
  const colon = line.indexOf(":");
  return colon > 0 && TOKEN.test(line.slice(0, colon)) ? colon : -1;
}

const isFramingField = (name: string) => name === "content-length" || name === "transfer-encoding";

function hasForbiddenByte(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = buf[i]!;
    if (b >= 0x20 && b !== 0x7f) continue;
    if (b === 0x09) continue;
    if (b === 0x0d && buf[i + 1] === 0x0a && i + 1 < to) {
      i++;
      continue;
    }
    return true;
  }
  return false;
}

/** A field value without the optional white space (spaces and tabs) around it. */
function trimOws(s: string): string {
  let start = 0, end = s.length;
  while (start < end && (s.charCodeAt(start) === 0x20 || s.charCodeAt(start) === 0x09)) start++;
  while (end > start && (s.charCodeAt(end - 1) === 0x20 || s.charCodeAt(end - 1) === 0x09)) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
/**
 * A chunk-size line: hex size, then chunk extensions as RFC 9112 7.1.1 has them (`;name`, `;name=token`,
 * `;name="quoted"`, with optional white space around `;` and `=`). Nothing else: a parser in front of us that reads
 * a looser line differently would end the chunk somewhere else.
 */
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,12})(?:[ \t]*;[ \t]*[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \t]*=[ \t]*(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+|"(?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t\x20-\x7e\x80-\xff])*"))?)*$/;
const KEEP_ALIVE_TIMEOUT = /(?:^|,)\s*timeout=(\d+)/i;
// Only spaces and tabs around the coding: JavaScript's \s would also take obs-text 0xa0 (a latin1 NBSP).
const CHUNKED_LAST = /(?:^|,)[ \t]*chunked[ \t]*$/i;
const CHUNKED_NOT_LAST = /(?:^|,)[ \t]*chunked[ \t]*,/i;

type State = "head" | "length" | "chunk-size" | "chunk-data" | "chunk-crlf" | "trailers" | "until-close" | "done";

/**
 * An incremental HTTP/1.1 parser for one message on a connection: the start line and headers, then a body
 * framed by Content-Length, chunked transfer coding, or (responses only) the connection's end. Written for
 * the proxy's hot path: a message that arrives in one read is parsed with one `indexOf` and no copy of its
 * body. `execute` throws {@link HttpParseError} on bytes that are not a message. `reset` reuses the parser
 * for the next message on the same connection.
 */
export class MessageParser {
  private state: State = "head";
  private pending: Buffer | undefined;
  private remaining = 0;
  private stopped = false;
  /** Bytes received after the message was complete: the next pipelined request, or a misbehaving upstream. */
  rest: Buffer | undefined;

  /**
   * `kind` says which start line to expect. `noBody` (responses only): the request was HEAD, so the response has
   * no body whatever its headers say.
   */
  constructor(private readonly events: ParserEvents, private readonly kind: "request" | "response", private noBody = false) {}

  /** Whether the message is complete. */
  get complete(): boolean {
    return this.state === "done";
  }

  /** Whether the body runs until the connection closes (no framing), so the connection cannot be reused. */
  get readsUntilClose(): boolean {
    return this.state === "until-close";
  }

  /** Stops reporting: no event fires after this, whatever bytes follow. */
  stop(): void {
    this.stopped = true;
  }

  /** Gets ready for the next message on the connection; returns the bytes already received for it, if any. */
  reset(noBody = false): Buffer | undefined {
    const rest = this.rest;
    this.state = "head";
    this.rest = this.pending = undefined;
    this.remaining = 0;
    this.stopped = false;
    this.noBody = noBody;
    return rest;
  }

  /** Feeds the next bytes read from the connection. */
  execute(input: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, input]) : input;
    this.pending = undefined;
    let at = 0;
    while (at < buf.length && !this.stopped) {
      switch (this.state) {
        case "head": {
          const end = buf.indexOf(HEAD_END, at);
          // Until the end is in, up to 3 of the bytes may be the start of the blank line: however the bytes are
          // split, a head gets the verdict it gets in one piece.
          if ((end < 0 ? buf.length - 3 : end) - at > MAX_HEAD_BYTES) throw new HttpParseError(`headers exceed ${MAX_HEAD_BYTES} bytes`, 431);
          if (end < 0) {
            this.pending = buf.subarray(at);
            return;
          }
          if (hasForbiddenByte(buf, at, end)) throw new HttpParseError("control character in message head");
          const head = this.parseHead(buf.toString("latin1", at, end));
          at = end + 4;
          // A 1xx response (100 Continue, 103 Early Hints) precedes the real one: parse the next head.
          if (head === undefined) break;
          this.events.onHead(head);
          if (this.complete) this.completed();
          break;
        }
        case "length":
        case "chunk-data": {
          const take = Math.min(this.remaining, buf.length - at);
          this.remaining -= take;
          const chunk = buf.subarray(at, at + take);
          at += take;
          const last = this.remaining === 0;
          if (last) this.state = this.state === "length" ? "done" : "chunk-crlf";
          this.events.onBody(chunk);
          if (last && this.complete) this.completed();
          break;
        }
        case "chunk-size":
        case "trailers": {
          const eol = buf.indexOf(CRLF, at);
          // The limit holds for a whole line too, and a last CR may be half of the CRLF: the same verdict however split.
          if ((eol < 0 ? buf.length - 1 : eol) - at > MAX_CHUNK_LINE_BYTES) {
            throw new HttpParseError(this.state === "trailers" ? "trailer line too long" : "chunk size line too long");
          }
          if (eol < 0) {
            this.pending = buf.subarray(at);
            return;
          }
          const line = buf.toString("latin1", at, eol);
          const from = at;
          at = eol + 2;
          if (this.state === "trailers") {
            // Trailers are read and dropped; an empty line ends the message. A trailer is still a field line, held to
            // the rules of one (no framing field either): skipping a malformed one would let it hide a request.
            if (line === "") {
              this.state = "done";
              this.completed();
            } else {
              const colon = fieldColon(line);
              if (colon < 0 || hasForbiddenByte(buf, from, eol) || isFramingField(line.slice(0, colon).toLowerCase())) {
                throw new HttpParseError(`bad trailer line ${JSON.stringify(line.slice(0, 40))}`);
              }
            }
            break;
          }
          const m = CHUNK_SIZE.exec(line);
          if (!m) throw new HttpParseError(`bad chunk size line ${JSON.stringify(line.slice(0, 40))}`);
          this.remaining = parseInt(m[1]!, 16);
          this.state = this.remaining === 0 ? "trailers" : "chunk-data";
          break;
        }
        case "chunk-crlf": {
          if (buf.length - at < 2) {
            this.pending = buf.subarray(at);
            return;
          }
          if (buf[at] !== 0x0d || buf[at + 1] !== 0x0a) throw new HttpParseError("chunk data not followed by CRLF");
          at += 2;
          this.state = "chunk-size";
          break;
        }
        case "until-close":
          this.events.onBody(at === 0 ? buf : buf.subarray(at));
          return;
        case "done":
          this.rest = this.rest ? Buffer.concat([this.rest, buf.subarray(at)]) : buf.subarray(at);
          return;
      }
    }
  }

  /**
   * The connection ended: completes a body that runs until close and returns true; returns false when the
   * message was cut short (or never started), so the caller can tell a clean end from a truncated one.
   */
  finish(): boolean {
    if (this.stopped || this.state === "done") return true;
    if (this.state !== "until-close") return false;
    this.state = "done";
    this.completed();
    return true;
  }

  /** Whether no byte of the message has arrived yet. */
  get untouched(): boolean {
    return this.state === "head" && this.pending === undefined;
  }

  private completed(): void {
    if (!this.stopped) this.events.onComplete();
  }

  /** Parses a head and picks the body framing; returns undefined for a 1xx response head that a real one follows. */
  private parseHead(text: string): MessageHead | undefined {
    // The caller has checked the bytes (hasForbiddenByte): splitting at CRLF and at each line's colon is all that is left.
    const lines = text.split("\r\n");
    const first = lines[0]!;
    let status = 0, method = "", target = "", minor: number;
    if (this.kind === "response") {
      const m = STATUS_LINE.exec(first);
      if (!m) throw new HttpParseError(`bad status line ${JSON.stringify(first.slice(0, 60))}`);
      status = Number(m[2]);
      minor = Number(m[1]);
    } else {
      const m = REQUEST_LINE.exec(first);
      if (!m) throw new HttpParseError(`bad request line ${JSON.stringify(first.slice(0, 60))}`);
      method = m[1]!;
      target = m[2]!;
      minor = Number(m[3]);
    }
    // No prototype: a header named `constructor` or `__proto__` is just a header.
    const headers = Object.create(null) as Record<string, string>;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = fieldColon(line);
      if (colon < 0) throw new HttpParseError(`bad header line ${JSON.stringify(line.slice(0, 60))}`);
      const name = line.slice(0, colon).toLowerCase();
      const raw = line.slice(colon + 1);
      const value = trimOws(raw);
      // llhttp (node:http) does not take a tab after a framing value as white space: it refuses such a content-length,
      // and reads `chunked<TAB>` in a response as another coding (until close). We refuse both, in either direction,
      // or a peer and we could frame the same message two ways.
      if (isFramingField(name) && /\t[ \t]*$/.test(raw)) {
        throw new HttpParseError(`tab after the ${name} value`);
      }
      const prior = headers[name];
      headers[name] = prior === undefined ? value : `${prior}, ${value}`;
    }
    if (status === 101) throw new HttpParseError("unexpected protocol switch (101)");
    // Framing headers are checked even where no body follows (1xx, 204, 304, HEAD), as llhttp checks them.
    const framed = this.framing(headers);
    if (status !== 0 && status < 200) return undefined;
    // Connection options are a comma-separated list of tokens: "closed" or "not-keep-alive" are neither.
    const options = headers.connection === undefined ? [] : headers.connection.toLowerCase().split(",").map(trimOws);
    // A response to HEAD whose headers frame no body (no content-length, no chunked) answers a GET that would run until
    // close: the upstream may close after it too, and node:http does not reuse such a connection either.
    const bodiless = this.noBody || status === 204 || status === 304;
    const unframed = this.noBody && !(status === 204 || status === 304) && framed === "until-close";
    const keepAlive = !unframed && (minor === 1 ? !options.includes("close") : options.includes("keep-alive"));
    const timeout = headers["keep-alive"] === undefined ? undefined : KEEP_ALIVE_TIMEOUT.exec(headers["keep-alive"]);
    this.state = bodiless ? "done" : framed;
    return { status, method, target, minorVersion: minor, headers, keepAlive, keepAliveTimeoutMs: timeout ? Number(timeout[1]) * 1000 : undefined };
  }

  /** What the framing fields say the body is (checked, whether or not a body may follow), and its length if given. */
  private framing(headers: Record<string, string>): State {
    const te = headers["transfer-encoding"], cl = headers["content-length"];
    // RFC 9112 6.3: a message with both may be request smuggling or response splitting and "ought to be handled as an
    // error": refused in either direction (as llhttp does), not read by its Transfer-Encoding.
    if (te !== undefined && cl !== undefined) throw new HttpParseError("both transfer-encoding and content-length");
    if (cl !== undefined && !/^\d{1,15}$/.test(cl)) throw new HttpParseError(`bad content-length ${JSON.stringify(cl.slice(0, 40))}`);
    if (te !== undefined) {
      // RFC 9112 6.3: chunked must be the final coding. A request with another final coding cannot be framed at all.
      if (CHUNKED_LAST.test(te)) {
        // RFC 9112 6.1: chunked is applied once. A request that says it twice has no agreed framing (llhttp refuses it).
        if (this.kind === "request" && CHUNKED_NOT_LAST.test(te)) throw new HttpParseError(`transfer-encoding ${JSON.stringify(te.slice(0, 40))} applies chunked twice`);
        return "chunk-size";
      }
      if (this.kind === "request") throw new HttpParseError(`unsupported transfer-encoding ${JSON.stringify(te.slice(0, 40))}`, 501);
      return "until-close";
    }
    if (cl !== undefined) {
      this.remaining = Number(cl);
      return this.remaining === 0 ? "done" : "length";
    }
    // A request without framing has no body (RFC 9112 6.3); a response runs until the connection closes.
    return this.kind === "request" ? "done" : "until-close";
  }
}
