import assert from "node:assert/strict";
import { test } from "node:test";
import { MalformedStreamError, SseScanner } from "../src/proxy/sse";

const chunk = (content: string, usage = "") => `data: {"id":"c1","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}}}]${usage}}\n\n`;
const usageEvent = 'data: {"id":"c1","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}\n\n';
const done = "data: [DONE]\n\n";

function run(scanner: SseScanner, parts: string[]): string {
  const out = parts.map((p) => scanner.push(Buffer.from(p, "utf8")));
  out.push(scanner.end());
  return Buffer.concat(out).toString("utf8");
}

test("passthrough forwards the exact bytes and reads usage, first token and chunk count", () => {
  let t = 0;
  const s = new SseScanner(false, () => ++t);
  const stream = [chunk("") /* role-only chunk: no token */, chunk("Hé"), chunk("llo"), chunk("!"), usageEvent, done];
  assert.equal(run(s, stream), stream.join(""));
  assert.equal(s.contentChunks, 3);
  assert.equal(s.firstTokenAt, 1, "clock read once, at the first chunk with content");
  assert.deepEqual([s.promptTokens, s.completionTokens, s.done], [7, 3, true]);
});

test("a stream split at arbitrary bytes, even inside a UTF-8 character, comes out byte-identical", () => {
  const whole = Buffer.from([chunk("日本語"), chunk("ü"), usageEvent, done].join(""), "utf8");
  for (let cut = 1; cut < whole.length; cut += 7) {
    const s = new SseScanner(false, () => 0);
    const out = Buffer.concat([s.push(whole.subarray(0, cut)), s.push(whole.subarray(cut)), s.end()]);
    assert.deepEqual(out, whole, `cut at ${cut}`);
    assert.equal(s.contentChunks, 2);
  }
});

test("stripUsage removes the usage event and the usage:null fields the proxy caused, keeping everything else", () => {
  const s = new SseScanner(true, () => 0);
  const upstream = [chunk("a", ',"usage":null'), 'data: {"usage":null,"id":"c1","choices":[{"delta":{"content":"b"}}]}\n\n', usageEvent, done];
  const out = run(s, upstream);
  assert.equal(out, [chunk("a"), 'data: {"id":"c1","choices":[{"delta":{"content":"b"}}]}\n\n', done].join(""));
  assert.deepEqual([s.promptTokens, s.completionTokens, s.contentChunks], [7, 3, 2]);
});

test("CRLF line endings are understood", () => {
  const s = new SseScanner(true, () => 0);
  const out = run(s, [chunk("a").replaceAll("\n", "\r\n"), usageEvent.replaceAll("\n", "\r\n"), done.replaceAll("\n", "\r\n")]);
  assert.equal(out, chunk("a").replaceAll("\n", "\r\n") + done.replaceAll("\n", "\r\n"));
});

test("a data line that is not JSON, or text that is not an SSE field, is a MalformedStreamError", () => {
  assert.throws(() => new SseScanner(false, () => 0).push(Buffer.from('data: {"choices":[{"delta":{"content":\n\n')), MalformedStreamError);
  assert.throws(() => new SseScanner(false, () => 0).push(Buffer.from("<html>not sse</html>\n")), MalformedStreamError);
  assert.throws(() => new SseScanner(false, () => 0).push(Buffer.from("data: 42\n")), MalformedStreamError);
  const ok = new SseScanner(false, () => 0);
  assert.doesNotThrow(() => ok.push(Buffer.from(": keep-alive\nevent: message\nid: 1\nretry: 10\n\n")));
});

test("a missing [DONE] is visible to the caller", () => {
  const s = new SseScanner(false, () => 0);
  run(s, [chunk("a")]);
  assert.equal(s.done, false);
});
