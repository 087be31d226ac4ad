import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, METHODS, type IncomingMessage, type ServerResponse } from "node:http";
import { Duplex } from "node:stream";
import { setImmediate as tick } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";
import { HttpParseError, MAX_HEAD_BYTES, MessageParser } from "./message-parser";
import { bytes, chunk, feedConnection, forEachCase, type Framed, joined, MESSAGE_TWISTS, mutateByte, ows, prng, renderFraming, type Rng, show, splits, str, sws, TCHAR, VCHAR } from "../../test/helpers/http-fuzz";

/*
 * Differential fuzz test: MessageParser against llhttp (the parser behind node:http). Framing disagreements between
 * two HTTP parsers on one path are how requests get smuggled, so every case llhttp rejects we must reject too, and
 * every case it accepts we must read the same way, except for the few deliberate differences in ALLOWED.
 * The cases are the same on every run: a failure names the seed and the case index (genCase(i) rebuilds it), and
 * prints the bytes and both outcomes.
 */
const SEED = 0x5eed_2024;
const CASES = 3000;

const PCHAR = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@%";
/** One request, kept in parts (head lines, chunks, trailers) so that the twists below can edit it before rendering. */
interface Req extends Framed { line: string }

function genRequest(r: Rng): Req {
  const path = Array.from({ length: 1 + r.int(3) }, () => `/${str(r, PCHAR, 0, 8)}`).join("");
  const query = r.chance(0.4) ? `?${Array.from({ length: 1 + r.int(3) }, () => `${str(r, PCHAR, 1, 5)}=${str(r, PCHAR, 0, 5)}`).join("&")}` : "";
  const version = r.chance(0.15) ? "1.0" : "1.1";
  const q: Req = { line: `${r.pick(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"])} ${path}${query} HTTP/${version}`, headers: [], body: "" };
  for (let i = r.int(5); i > 0; i--) q.headers.push(`${str(r, TCHAR, 1, 12)}:${ows(r)}${str(r, VCHAR, 0, 6)}${r.chance(0.3) ? ` ${str(r, VCHAR, 1, 6)}` : ""}${ows(r)}`);
  // HTTP/1.0 mostly asks for keep-alive, or nothing after its first request would be read.
  if (version === "1.0" ? r.chance(0.7) : r.chance(0.05)) q.headers.push(`Connection: ${r.pick(["keep-alive", "Keep-Alive", "keep-alive, x"])}`);
  if (r.chance(0.05)) q.headers.push(`Connection: ${r.pick(["close", "Close", "x, close"])}`);
  if (r.chance(0.05)) q.headers.push("Expect: 100-continue");
  const framing = r.int(3);
  if (framing === 1) {
    q.body = bytes(r, r.int(40));
    q.headers.push(`${r.pick(["Content-Length", "content-length"])}:${ows(r)}${q.body.length}${sws(r)}`);
  } else if (framing === 2) chunk(r, q);
  return q;
}

const render = (q: Req) => `${q.line}\r\n${renderFraming(q)}`;

/** A head whose size is within a few bytes of MAX_HEAD_BYTES, where off-by-one and split-boundary bugs live. */
function hugeHead(r: Rng, q: Req): void {
  const size = render({ ...q, body: "", chunks: undefined }).length - 4;
  q.headers.push(`x-big: ${"a".repeat(MAX_HEAD_BYTES - size - 9 + r.int(17) - 8)}`);
}

/** Case `i` of the run: 1-3 pipelined requests, maybe twisted, then maybe a byte flipped, inserted or deleted. */
function genCase(i: number): Buffer {
  const r = prng(SEED + i * 0x9e3779b9);
  const reqs = Array.from({ length: 1 + r.int(3) }, () => genRequest(r));
  const twisted = reqs[r.int(reqs.length)]!;
  if (i % 97 === 13) hugeHead(r, twisted);
  else if (r.chance(0.4)) r.pick(MESSAGE_TWISTS)(r, twisted); // requests get no twists of their own
  const wire = mutateByte(r, reqs.map(render).join(""));
  return Buffer.from(wire, "latin1");
}

/** One message as both parsers must agree on it. Header names lower-case, repeats joined with ", " (as ours does). */
interface Msg { method: string; url: string; version: string; headers: Record<string, string>; body: string; keepAlive: boolean }
/** ok: all bytes read; closed: a message ended the connection (what follows is not read); partial: input ended mid-message. */
interface Outcome { messages: Msg[]; open?: Msg; end: "ok" | "closed" | "partial" | "error"; error?: string }

/**
 * Parses like the server does: message after message, and nothing after one that does not keep the connection
 * alive. `starts` holds where each message began in the input (the last one: the message still open, if any).
 */
function ours(pieces: Buffer[]): Outcome & { starts: number[] } {
  const messages: Msg[] = [];
  const starts = [0];
  let open: Msg | undefined, body: Buffer[] = [];
  const parser = new MessageParser({
    onHead: (h) => void (open = { method: h.method, url: h.target, version: `1.${h.minorVersion}`, headers: { ...h.headers }, body: "", keepAlive: h.keepAlive }),
    onBody: (c) => void body.push(c),
    onComplete: () => {
      messages.push({ ...open!, body: Buffer.concat(body).toString("hex") });
      open = undefined;
      body = [];
    },
  }, "request");
  try {
    const { closed } = feedConnection(parser, pieces, (end) => {
      if (!messages.at(-1)!.keepAlive) return { next: false };
      starts.push(end);
      return { next: true };
    });
    if (closed) return { messages, starts, end: "closed" };
  } catch (e) {
    if (!(e instanceof HttpParseError)) throw e;
    return { messages, starts, end: "error", error: `${e.status} ${e.message}` };
  }
  if (parser.untouched) return { messages, starts, end: "ok" };
  return { messages, starts, ...(open && { open: { ...open, body: Buffer.concat(body).toString("hex") } }), end: "partial" };
}

/**
 * The oracle: one node:http server that never listens; each case is a Duplex stream handed to it as a connection
 * (documented for the 'connection' event), so llhttp runs exactly as for a socket, without ports or the network.
 */
interface Seen { reqs: { req: IncomingMessage; msg: Msg; body: Buffer[] }[]; error?: string }
const conns = new WeakMap<object, Seen>();
const oracle = createServer({ requireHostHeader: false, insecureHTTPParser: false, maxHeaderSize: MAX_HEAD_BYTES });
const onRequest = (req: IncomingMessage, res: ServerResponse) => {
  const body: Buffer[] = [];
  const msg = { method: req.method!, url: req.url!, version: req.httpVersion, headers: joined(req.rawHeaders), body: "", keepAlive: res.shouldKeepAlive };
  conns.get(req.socket)!.reqs.push({ req, msg, body });
  req.on("data", (c: Buffer) => void body.push(c)).on("end", () => res.end()).on("error", () => undefined);
};
// Expectations reach the handler too: answering them is the server's business, not the parser's.
oracle.on("request", onRequest).on("checkContinue", onRequest).on("checkExpectation", onRequest);
oracle.on("clientError", (err: Error & { code?: string }, socket: Duplex) => {
  const seen = conns.get(socket)!;
  // Only llhttp's own errors (HPE_*) count; a response written after the case's end of input does not.
  if (err.code?.startsWith("HPE_")) seen.error ??= err.code;
  socket.destroy();
});

async function llhttp(buf: Buffer): Promise<Outcome> {
  const socket = new Duplex({ read() {}, write: (_c, _e, cb) => cb() }).on("error", () => undefined);
  const seen: Seen = { reqs: [] };
  conns.set(socket, seen);
  const closed = new Promise((resolve) => socket.once("close", resolve));
  oracle.emit("connection", socket);
  socket.push(buf);
  socket.push(null);
  // The end of input makes llhttp finish (or report a cut message); one more turn lets the last body bytes arrive.
  await closed;
  await tick();
  const all = seen.reqs.map(({ req, msg, body }) => ({ complete: req.complete, msg: { ...msg, body: Buffer.concat(body).toString("hex") } }));
  const messages = all.filter((m) => m.complete).map((m) => m.msg);
  const open = all.find((m) => !m.complete)?.msg;
  // llhttp refuses bytes after a message that closes the connection; our server just does not read them.
  if (seen.error === "HPE_CLOSED_CONNECTION" || (seen.error === undefined && messages.at(-1)?.keepAlive === false)) return { messages, end: "closed" };
  if (seen.error === undefined) return { messages, end: "ok" };
  return { messages, ...(open && { open }), ...(seen.error === "HPE_INVALID_EOF_STATE" ? { end: "partial" } : { end: "error", error: seen.error }) };
}

const KNOWN_METHODS = new Set(METHODS);
/** The message at the first disagreement: complete, or the one whose head was read when the input ended or broke. */
const at = (o: Outcome, k: number) => o.messages[k] ?? o.open;
/** The chunk-size lines of a message's text (lines after its head that start with hex digits and carry an extension). */
const chunkLines = (text: string) => text.slice(text.indexOf("\r\n\r\n") + 4).split("\r\n").filter((l) => /^[0-9A-Fa-f]+[ \t]*;/.test(l));
type Rule = (ours: Outcome, theirs: Outcome, k: number, text: string) => boolean;
/**
 * The deliberate differences. Each may explain a disagreement at message k (the first one the two do not read
 * the same way; `text` is its bytes, as ours found them); messages before k must still be identical.
 */
const ALLOWED: Record<string, Rule> = {
  // Stricter: our limits count every byte of a head (node: only target, names, values), cap chunk and trailer lines at
  // 1 KiB, chunk sizes at 12 hex digits and content-length at 15 digits (node: 64 bits).
  "size limit": (o, _t, k) => o.end === "error" && o.messages.length === k
    && /^431|line too long|bad chunk size line "[0-9A-Fa-f]{13}|bad content-length "\d{16}/.test(o.error!),
  // Stricter: an empty line where a request line belongs (RFC 9112 2.2 says a server SHOULD skip one; llhttp does).
  "empty line before a request": (o, _t, k, text) => (o.end === "error" || o.end === "partial") && o.messages.length === k && /^[\r\n]/.test(text),
  // Stricter: exactly one space between the parts of a request line (RFC 9112 3 lets a parser take more; llhttp does).
  "spaces in the request line": (o, _t, k, text) => o.end === "error" && o.messages.length === k && o.error!.startsWith("400 bad request line") && /^[^\r\n]* {2}/.test(text),
  // Stricter: chunk extensions exactly as RFC 9112 7.1.1 writes them (llhttp also takes `;;`, `;=v`, `;n=` and `;n=v"q"`).
  "chunk extension grammar": (o, _t, k) => o.end === "error" && o.messages.length === k && /^400 bad chunk size line "[0-9A-Fa-f]{1,12}( |\\t)*;/.test(o.error!),
  // Stricter: we speak HTTP/1.0 and 1.1 only; llhttp also takes 0.9 and 2.0.
  "HTTP version": (o, t, k) => o.end === "error" && o.messages.length === k && !["1.0", "1.1"].includes(at(t, k)?.version ?? "1.1"),
  // Stricter in timing only: we check a line (head, chunk size, trailer) once all of it is in; llhttp stops at the first bad byte.
  "line still incomplete": (o, t, k) => o.end === "partial" && t.end === "error" && o.messages.length === k && t.messages.length === k
    && (!o.open || isDeepStrictEqual({ ...o.open, body: "" }, t.open && { ...t.open, body: "" })),
  // Lenient, request line only (framing does not depend on it; the router answers 405): any token is a method (RFC 9110 9.1).
  "extension method": (o, t, k) => t.error === "HPE_INVALID_METHOD" && t.messages.length === k && !KNOWN_METHODS.has(at(o, k)?.method ?? "GET"),
  // Lenient, as RFC 9112 7.1.1 has it: white space around `;` and `=` in chunk extensions (llhttp takes none).
  "chunk extension BWS": (o, t, k, text) => /^HPE_(STRICT|INVALID_CHUNK_SIZE)$/.test(t.error ?? "") && t.messages.length === k && at(o, k) !== undefined
    && chunkLines(text).some((l) => /[ \t][;=]|[;=][ \t]/.test(l.replace(/"(?:[^"\\]|\\.)*"/g, '""'))),
};

const cases = Array.from({ length: CASES }, (_, i) => genCase(i));

test(`MessageParser on ${CASES} fuzzed requests: only HttpParseError, bodies within the input, same outcome however the bytes are split`, () => {
  for (const [i, buf] of cases.entries()) {
    const where = (pieces: Buffer[]) => `seed=${SEED} case=${i} cut into ${JSON.stringify(pieces.map((p) => p.length))} bytes=${show(buf)}`;
    const run = (pieces: Buffer[]) => {
      try {
        return ours(pieces);
      } catch (e) {
        assert.fail(`${where(pieces)}: threw ${String(e)}, not an HttpParseError`); // ours() rethrows anything else
      }
    };
    const whole = run([buf]);
    const bodyBytes = [...whole.messages, ...(whole.open ? [whole.open] : [])].reduce((n, m) => n + m.body.length / 2, 0);
    assert.ok(bodyBytes <= buf.length, `${where([buf])}: ${bodyBytes} body bytes from ${buf.length} bytes of input`);
    for (const pieces of splits(prng(SEED ^ i), buf)) assert.deepEqual(run(pieces), whole, where(pieces));
  }
});

test(`MessageParser agrees with llhttp on ${CASES} fuzzed requests`, async (t) => {
  const failures: string[] = [];
  const used = new Map<string, number>();
  let accepted = 0;
  await forEachCase(CASES, 8, async (i) => {
    const buf = cases[i]!;
    const o = ours([buf]);
    const theirs = await llhttp(buf);
    if (theirs.end !== "error") accepted++;
    let k = 0;
    while (k < o.messages.length && isDeepStrictEqual(o.messages[k], theirs.messages[k])) k++;
    const same = k === o.messages.length && k === theirs.messages.length && o.end === theirs.end;
    if (same) return;
    const text = buf.toString("latin1", o.starts[k] ?? buf.length, o.starts[k + 1] ?? buf.length);
    const allowed = Object.keys(ALLOWED).find((name) => ALLOWED[name]!(o, theirs, k, text));
    if (allowed) used.set(allowed, (used.get(allowed) ?? 0) + 1);
    else failures.push(`seed=${SEED} case=${i} bytes=${show(buf)}\n  ours:   ${JSON.stringify(o)}\n  llhttp: ${JSON.stringify(theirs)}`);
  });
  t.diagnostic(`llhttp accepted ${accepted} of ${CASES}; allowed differences: ${JSON.stringify(Object.fromEntries(used))}`);
  // A generator that produced only garbage (or only clean requests) would make agreement meaningless.
  assert.ok(accepted > CASES * 0.3 && accepted < CASES * 0.9, `llhttp accepted ${accepted} of ${CASES} cases`);
  assert.equal(failures.length, 0, `${failures.length} disagreement(s) with llhttp:\n${failures.slice(0, 5).join("\n")}`);
});
