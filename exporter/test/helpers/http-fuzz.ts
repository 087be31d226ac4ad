import type { MessageParser } from "../../src/http1/message-parser";

/*
 * Test support for the differential fuzz tests of MessageParser (exporter/src/http1/: message-parser.fuzz.test.ts
 * for requests, response-parser.fuzz.test.ts for responses): a seeded PRNG, the byte alphabets cases are built from,
 * the ways of cutting input, and how node's rawHeaders and a failing case's bytes are shown.
 */

/** mulberry32: a tiny PRNG, so that the cases do not depend on Math.random. */
export function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { int, chance: (p: number) => next() < p, pick: <T>(xs: ArrayLike<T>): T => xs[int(xs.length)]! };
}
export type Rng = ReturnType<typeof prng>;

export const chars = (from: number, to: number) => String.fromCharCode(...Array.from({ length: to - from + 1 }, (_, i) => from + i));
export const TCHAR = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** Field-value bytes: visible ASCII and obs-text; spaces and tabs inside a value are added separately. */
export const VCHAR = chars(0x21, 0x7e) + chars(0x80, 0xff);
/** Bytes that break parsers: line ends, controls, separators, and obs-text that JavaScript's \s counts as space. */
export const SPICY = "\r\n\0\x01\x0b\x0c\x7f\t :;,\"=\xa0\xff";
export const str = (r: Rng, alphabet: string, min: number, max: number) => Array.from({ length: min + r.int(max - min + 1) }, () => r.pick(alphabet)).join("");
export const ows = (r: Rng) => r.pick(["", "", " ", "  ", "\t", " \t"]);
/** White space after a framing value: spaces only, as a tab there is refused (the twists add one now and then). */
export const sws = (r: Rng) => r.pick(["", "", " ", "  "]);
export const bytes = (r: Rng, n: number) => Array.from({ length: n }, () => String.fromCharCode(r.int(256))).join("");

/** A message's framing, kept in parts (headers, body or chunks and trailers) so that twists can edit it before rendering. */
export interface Framed { headers: string[]; body: string; chunks?: string[][]; last?: string; trailers?: string[] }

/** Makes `q` chunked: sizes in either case with leading zeros, chunk extensions, trailers. */
export function chunk(r: Rng, q: Framed): void {
  q.headers = q.headers.filter((h) => !/^(content-length|transfer-encoding):/i.test(h));
  q.headers.push(`Transfer-Encoding:${ows(r)}${r.pick(["chunked", "chunked", "Chunked", "gzip, chunked", "gzip,chunked"])}${sws(r)}`);
  const ext = () => (r.chance(0.7) ? "" : `;${str(r, TCHAR, 1, 5)}${r.pick(["", `=${str(r, TCHAR, 1, 5)}`, `="${str(r, " abc;=\\\t", 0, 5).replace(/\\$/, "")}"`])}`);
  q.chunks = Array.from({ length: r.int(4) }, () => {
    const data = bytes(r, 1 + r.int(20));
    const size = data.length.toString(16);
    return [`${"0".repeat(r.int(3))}${r.chance(0.5) ? size : size.toUpperCase()}${ext()}`, data];
  });
  q.last = `0${ext()}`;
  q.trailers = Array.from({ length: r.chance(0.2) ? 1 + r.int(2) : 0 }, () => `${str(r, TCHAR, 1, 8)}:${ows(r)}${str(r, VCHAR, 0, 8)}`);
}

/** Everything after the start line: header lines, the blank line, then the body or the chunks and trailers. */
export const renderFraming = (q: Framed) => `${q.headers.map((h) => `${h}\r\n`).join("")}\r\n${q.chunks
  ? `${q.chunks.map(([size, data]) => `${size}\r\n${data}\r\n`).join("")}${q.last}\r\n${q.trailers!.map((t) => `${t}\r\n`).join("")}\r\n`
  : q.body}`;

export const insertAt = (s: string, at: number, x: string) => s.slice(0, at) + x + s.slice(at);
export const oneOf = (r: Rng, xs: string[]) => r.int(xs.length);

/**
 * Ways to cut `buf`: in two next to every CR and LF (where an incremental parser most easily loses its place, and
 * where its size limits meet a line end that is half in), and at a few random points.
 */
export function splits(r: Rng, buf: Buffer): Buffer[][] {
  const near = new Set([...buf.keys()].filter((j) => buf[j] === 0x0d || buf[j] === 0x0a).flatMap((j) => [j - 1, j, j + 1]));
  const random = Array.from({ length: 2 }, () => Array.from({ length: 2 + r.int(4) }, () => r.int(buf.length + 1)));
  return [...[...near].map((c) => [c]), ...random].map((cuts) => {
    const sorted = [0, ...cuts.map((c) => Math.max(0, Math.min(buf.length, c))).sort((a, b) => a - b), buf.length];
    return sorted.slice(1).map((end, j) => buf.subarray(sorted[j]!, end));
  });
}

/** node's rawHeaders as ours reports headers. A null prototype while building: `__proto__` is a header name like any. */
export function joined(raw: string[]): Record<string, string> {
  const headers = Object.create(null) as Record<string, string>;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    headers[name] = headers[name] === undefined ? raw[i + 1]! : `${headers[name]}, ${raw[i + 1]}`;
  }
  return { ...headers };
}

/** A failing case's bytes, for the message (cut short past 3000 bytes: the oversized heads). */
export const show = (buf: Buffer) => JSON.stringify(buf.length > 3000 ? `${buf.toString("latin1", 0, 3000)}... (${buf.length} bytes)` : buf.toString("latin1"));

/** A message being built: its start line (request or status line), then its fields and body. */
export interface Message extends Framed { line: string }

/**
 * Structured mutations any HTTP/1.1 message can get, each aimed at one framing rule parsers are known to disagree on:
 * bytes in field lines and the start line, bad or conflicting framing, bad chunk lines and trailers, folding.
 */
export const MESSAGE_TWISTS: ((r: Rng, q: Message) => void)[] = [
  (r, q) => { const i = oneOf(r, q.headers); if (q.headers[i]) q.headers[i] = insertAt(q.headers[i]!, r.int(q.headers[i]!.indexOf(":") + 1), r.pick(SPICY)); },
  (r, q) => { const i = oneOf(r, q.headers); if (q.headers[i]) q.headers[i] = insertAt(q.headers[i]!, q.headers[i]!.indexOf(":") + 1 + r.int(4), r.pick(SPICY)); },
  (r, q) => { q.line = insertAt(q.line, r.int(q.line.length + 1), r.pick(SPICY)); },
  (r, q) => void q.headers.push(`content-length: ${r.pick([q.body.length, q.body.length + 1, 0])}`),
  (r, q) => void q.headers.push(`content-length: ${r.pick(["", "-1", "+3", "0x5", "1.0", "3 3", "3,3", "1".repeat(16), "\xa03", "3\t", "3 \t"])}`),
  (r, q) => { chunk(r, q); q.headers.splice(r.int(q.headers.length + 1), 0, `Content-Length: ${r.int(10)}`); },
  (r, q) => {
    chunk(r, q);
    const te = r.pick(["chunked, gzip", "identity", "gzip", "chunked\xa0", "\xa0chunked", "xchunked", "chunked;q=1", "chunked, chunked", "chunked\t", "gzip, chunked \t"]);
    q.headers[q.headers.length - 1] = `Transfer-Encoding: ${te}`;
  },
  (r, q) => { chunk(r, q); q.headers.push(r.pick(["Transfer-Encoding: gzip", "transfer-encoding: chunked"])); },
  (r, q) => {
    chunk(r, q);
    const bad = r.pick(["-1", "0x5", "5 ", " 5", "5\t", "g", "", "fffffffffffff", "1;\0", "1;a b", "1 ;a", "1;a=\"b", "1;a=b c", "1;\xa0", "1\x0b",
      `1;${"x".repeat(1000 + r.int(60))}`]);
    if (q.chunks!.length === 0 || r.chance(0.2)) q.last = bad.replace(/^1/, "0");
    else q.chunks![r.int(q.chunks!.length)]![0] = bad;
  },
  (r, q) => {
    chunk(r, q);
    const bad = ["no colon", " lead: space", "a : b", "a: b\x01", "a\0: b", "a: \nb", "content-length: 1", "Transfer-Encoding: chunked", `a: ${"x".repeat(1020 + r.int(8))}`];
    q.trailers!.push(r.pick(bad));
  },
  (r, q) => { const i = oneOf(r, q.headers); if (q.headers[i]) q.headers[i] += `\r\n${r.pick([" ", "\t"])}folded`; },
  (r, q) => { const i = oneOf(r, q.headers); if (q.headers[i]) q.headers[i] = q.headers[i]!.replace(":", r.pick([" :", "\t:", ": :"])); },
  (r, q) => { q.headers.splice(r.int(q.headers.length + 1), 0, r.pick(["", ":", "x", " x: y", ": y"])); },
];

/** The wire text, in 30 % of cases with one byte flipped, inserted or deleted (a spicy byte more often than not). */
export function mutateByte(r: Rng, wire: string): string {
  if (!r.chance(0.3)) return wire;
  const at = r.int(wire.length);
  const kind = r.int(3);
  const b = r.chance(0.6) ? r.pick(SPICY) : String.fromCharCode(r.int(256));
  return wire.slice(0, at) + (kind === 2 ? "" : b) + wire.slice(kind === 1 ? at : at + 1);
}

/**
 * Feeds `pieces` to `parser` as one connection delivers them, message after message. After each complete message
 * `afterMessage` gets the input offset where it ended and says whether the connection carries on (and whether the
 * next message has no body, as a response to HEAD). HttpParseError propagates. Returns the bytes fed, and whether a
 * message ended the connection (nothing after it is read).
 */
export function feedConnection(parser: MessageParser, pieces: readonly Buffer[], afterMessage: (end: number) => { next: boolean; noBody?: boolean }): { fed: number; closed: boolean } {
  let fed = 0;
  for (const piece of pieces) {
    fed += piece.length;
    for (let input: Buffer | undefined = piece; input !== undefined;) {
      parser.execute(input);
      input = undefined;
      if (!parser.complete) continue;
      const after = afterMessage(fed - (parser.rest?.length ?? 0));
      if (!after.next) return { fed, closed: true };
      input = parser.reset(after.noBody);
    }
  }
  return { fed, closed: false };
}

/** Runs `each(i)` for i in 0..count-1, `width` at a time: the oracle waits on the event loop, our parser does not. */
export async function forEachCase(count: number, width: number, each: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    for (let i = next++; i < count; i = next++) await each(i);
  }));
}
