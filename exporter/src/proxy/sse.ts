const EMPTY = Buffer.alloc(0);

/** The upstream sent a `data:` line that is not JSON (nor `[DONE]`). */
export class MalformedStreamError extends Error {
  override name = "MalformedStreamError";
  /** The bytes of the well-formed lines before the bad one, still owed to the client. */
  before: Buffer = EMPTY;
}

const NL = 0x0a;
// Comments and the fields OpenAI-compatible servers use besides data; any other text means a broken stream.
const OTHER_FIELD = /^(:|event:|id:|retry:)/;
const USAGE_NULL_AFTER = /,\s*"usage"\s*:\s*null/;
const USAGE_NULL_FIRST = /"usage"\s*:\s*null\s*,?/;

interface Chunk {
  choices?: { delta?: { content?: unknown; reasoning_content?: unknown; tool_calls?: unknown }; text?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
}

const nonEmpty = (v: unknown) => (typeof v === "string" ? v.length > 0 : Array.isArray(v) && v.length > 0);
const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * Incremental scanner of an OpenAI SSE stream. Each upstream chunk goes in, the bytes to forward come out
 * at once (only an unfinished last line is held back), and along the way it notes the first content token,
 * counts content chunks and reads `usage`. Lines are decoded as latin1 so forwarded bytes stay identical.
 *
 * With `stripUsage` the proxy added `stream_options.include_usage` itself: the usage-only final event and
 * the `"usage":null` fields it causes are removed, so the client sees exactly the stream it asked for.
 */
export class SseScanner {
  /** Chunks that carried content (a token each, for upstreams that send no usage). */
  contentChunks = 0;
  /** Clock reading at the first content chunk. */
  firstTokenAt: number | undefined;
  promptTokens: number | undefined;
  completionTokens: number | undefined;
  /** Whether `data: [DONE]` arrived. */
  done = false;
  private pending: Buffer | null = null;
  private dropBlank = false;

  constructor(private readonly stripUsage: boolean, private readonly now: () => number) {}

  /** Feeds one upstream chunk; returns what to forward now. Throws {@link MalformedStreamError}. */
  push(chunk: Buffer): Buffer {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const last = buf.lastIndexOf(NL);
    if (last < 0) {
      this.pending = Buffer.from(buf);
      return EMPTY;
    }
    // Copy the unfinished tail so the whole chunk it was cut from can be freed.
    this.pending = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : null;
    return this.scan(last + 1 === buf.length ? buf : buf.subarray(0, last + 1), false);
  }

  /** The upstream ended: returns the held-back tail, scanned like a full line. */
  end(): Buffer {
    const rest = this.pending;
    this.pending = null;
    return rest ? this.scan(rest, true) : EMPTY;
  }

  private scan(complete: Buffer, unterminated: boolean): Buffer {
    const lines = complete.toString("latin1").split("\n");
    if (!unterminated) lines.pop();
    const kept: string[] = [];
    let offset = 0;
    for (const line of lines) {
      let out: string | null;
      try {
        out = this.line(line);
      } catch (e) {
        if (e instanceof MalformedStreamError) e.before = this.stripUsage ? this.join(kept, false) : complete.subarray(0, offset);
        throw e;
      }
      offset += line.length + 1;
      if (out !== null && this.stripUsage) kept.push(out);
    }
    return this.stripUsage ? this.join(kept, unterminated) : complete;
  }

  private join(lines: string[], unterminated: boolean): Buffer {
    if (lines.length === 0) return EMPTY;
    return Buffer.from(unterminated ? lines.join("\n") : `${lines.join("\n")}\n`, "latin1");
  }

  /** Reads one line; returns it as it should be forwarded, or null to drop it. */
  private line(raw: string): string | null {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "") {
      if (!this.dropBlank) return raw;
      this.dropBlank = false;
      return null;
    }
    if (!line.startsWith("data:")) {
      if (OTHER_FIELD.test(line)) return raw;
      throw new MalformedStreamError("upstream sent a line that is not an SSE field");
    }
    const payload = line.charCodeAt(5) === 0x20 ? line.slice(6) : line.slice(5);
    if (payload === "[DONE]") {
      this.done = true;
      return raw;
    }
    let msg: Chunk;
    try {
      msg = JSON.parse(payload) as Chunk;
    } catch {
      throw new MalformedStreamError("upstream sent a data line that is not JSON");
    }
    if (typeof msg !== "object" || msg === null) throw new MalformedStreamError("upstream sent a data line that is not a JSON object");
    const choices = Array.isArray(msg.choices) ? msg.choices : [];
    for (const c of choices) {
      if (nonEmpty(c?.delta?.content) || nonEmpty(c?.text) || nonEmpty(c?.delta?.reasoning_content) || nonEmpty(c?.delta?.tool_calls)) {
        this.contentChunks++;
        this.firstTokenAt ??= this.now();
        break;
      }
    }
    const usage = msg.usage;
    if (usage) {
      this.promptTokens = count(usage.prompt_tokens) ?? this.promptTokens;
      this.completionTokens = count(usage.completion_tokens) ?? this.completionTokens;
      if (this.stripUsage && choices.length === 0) {
        this.dropBlank = true;
        return null;
      }
    } else if (this.stripUsage && usage === null) {
      return USAGE_NULL_AFTER.test(raw) ? raw.replace(USAGE_NULL_AFTER, "") : raw.replace(USAGE_NULL_FIRST, "");
    }
    return raw;
  }
}
