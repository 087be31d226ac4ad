import { performance } from "node:perf_hooks";
import type { CallControl, ResponseHandler } from "../http1";
import { readUsage } from "./client-request";
import { classifyUpstreamError, type ErrorClass, openAiError, proxyStatus } from "./errors";
import type { Exchange } from "./exchange";
import { type MalformedStreamError, SseScanner } from "./sse";

/**
 * - unary: a 2xx JSON answer, buffered, validated, then sent whole (so a 502 is still possible).
 * - stream: a 2xx SSE answer, scanned and forwarded chunk by chunk.
 * - error: a 4xx/5xx answer; the upstream's status and body are passed through.
 */
type Mode = "unary" | "stream" | "error";

const now = () => performance.now();

/**
 * Handles one upstream call's response: buffers and validates a unary answer, scans and forwards a stream.
 * `control` (set right after dispatch) gives pause/resume for backpressure and abort for client disconnects.
 */
export class UpstreamCall implements ResponseHandler {
  private mode: Mode = "unary";
  private status = 0;
  private contentType = "application/json";
  private retryAfter: string | undefined;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private scanner: SseScanner | undefined;
  private control: CallControl | undefined;

  constructor(private readonly ex: Exchange, private readonly stripUsage: boolean, private readonly maxResponseBytes: number) {}

  /** Takes the dispatched call's control; the exchange aborts through it when the client leaves. */
  attach(control: CallControl): void {
    this.control = control;
    this.ex.abortUpstream = () => control.abort();
  }

  onResponseStart(status: number, headers: Record<string, string>): void {
    this.status = status;
    const ct = headers["content-type"];
    if (ct !== undefined) this.contentType = ct;
    if (status >= 400) {
      this.mode = "error";
      this.retryAfter = headers["retry-after"];
    } else if (this.ex.stream && this.contentType.startsWith("text/event-stream")) {
      this.mode = "stream";
      this.scanner = new SseScanner(this.stripUsage, now);
    } else {
      // An upstream may answer a stream request with one JSON body; measure what actually happened.
      this.ex.stream = false;
    }
  }

  onResponseData(chunk: Buffer): void {
    if (this.ex.done) return;
    if (this.mode !== "stream") {
      this.buffered += chunk.length;
      // Unary answers are held until complete; a runaway upstream must not be able to exhaust memory.
      if (this.buffered > this.maxResponseBytes) {
        this.ex.fail(proxyStatus("malformed_response"), "malformed_response", `upstream answer exceeds ${this.maxResponseBytes} bytes`);
        this.control?.abort();
        return;
      }
      this.chunks.push(chunk);
      return;
    }
    let out: Buffer;
    try {
      out = this.scanner!.push(chunk);
    } catch (e) {
      const bad = e as MalformedStreamError;
      if (bad.before.length > 0) this.forward(bad.before);
      this.streamFailed("malformed_response", bad.message);
      this.control?.abort();
      return;
    }
    this.forward(out);
  }

  onResponseEnd(): void {
    const ex = this.ex;
    if (ex.done) return;
    if (this.mode === "stream") return this.endStream();
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = [];
    if (this.mode === "error") {
      this.send(body);
      return ex.finish(this.status, this.status >= 500 ? "upstream_5xx" : "upstream_4xx");
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      return ex.fail(proxyStatus("malformed_response"), "malformed_response", "upstream returned a response that is not valid JSON");
    }
    const usage = readUsage(json);
    ex.promptTokens = usage.prompt;
    ex.completionTokens = usage.completion;
    if (ex.endpoint !== "/v1/embeddings") ex.firstTokenAt = now();
    this.send(body);
    ex.finish(this.status, undefined);
  }

  onResponseError(err: Error): void {
    const ex = this.ex;
    if (ex.done) return;
    const cls = classifyUpstreamError(err);
    const message = `upstream ${ex.upstream?.name ?? ""}: ${cls.replaceAll("_", " ")} (${err.message})`;
    if (ex.res.headersSent) return this.streamFailed(cls, message);
    ex.fail(proxyStatus(cls), cls, message);
  }

  private send(body: Buffer): void {
    const res = this.ex.res;
    const headers: Record<string, string | number> = { "content-type": this.contentType, "content-length": body.length, "x-request-id": this.ex.id };
    if (this.retryAfter !== undefined) headers["retry-after"] = this.retryAfter;
    res.writeHead(this.status, headers);
    res.end(body);
  }

  private forward(out: Buffer): void {
    const res = this.ex.res;
    if (!res.headersSent) {
      res.writeHead(this.status, { "content-type": this.contentType, "cache-control": "no-cache", "x-request-id": this.ex.id });
    }
    if (out.length > 0 && !res.write(out)) {
      // The client reads slower than the model writes: stop reading upstream until the socket drains.
      this.control?.pause();
      res.onDrain(() => this.control?.resume());
    }
  }

  private endStream(): void {
    const ex = this.ex, scanner = this.scanner!;
    let tail: Buffer;
    try {
      tail = scanner.end();
    } catch (e) {
      return this.streamFailed("malformed_response", (e as Error).message);
    }
    this.takeStreamStats();
    if (!scanner.done) return this.streamFailed("malformed_response", "upstream stream ended without data: [DONE]", tail);
    this.forward(tail);
    ex.res.end();
    ex.finish(this.status, undefined);
  }

  /** Ends the stream after a fault: 502 JSON if nothing went out yet, otherwise an SSE error event. */
  private streamFailed(cls: ErrorClass, message: string, tail?: Buffer): void {
    const ex = this.ex;
    if (ex.done) return;
    this.takeStreamStats();
    const res = ex.res;
    if (!res.headersSent) return ex.fail(proxyStatus(cls), cls, message);
    if (tail) res.write(tail);
    res.end(`event: error\ndata: ${openAiError(message, "upstream_error", cls)}\n\n`);
    ex.finish(res.statusCode, cls);
  }

  private takeStreamStats(): void {
    const s = this.scanner!;
    this.ex.firstTokenAt = s.firstTokenAt;
    this.ex.promptTokens = s.promptTokens;
    this.ex.completionTokens = s.completionTokens ?? (s.contentChunks > 0 ? s.contentChunks : undefined);
  }
}
