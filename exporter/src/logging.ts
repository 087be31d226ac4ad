import pino, { type Logger } from "pino";
import { cachedTimeFormatter } from "./cached-time";

/** Lines are handed to the file descriptor in batches of about this many characters, or after BATCH_MS. */
const BATCH_CHARS = 16 * 1024;
const BATCH_MS = 100;

/**
 * A pino destination that batches lines before sonic-boom writes them. sonic-boom alone either writes once
 * per event-loop turn (a syscall and a thread-pool round trip for every few requests) or, with `minLength`,
 * measures its whole pending buffer on every line, which grows quadratic under load. Here a line costs an
 * array push; sonic-boom gets one 16 KiB string at a time and writes it asynchronously.
 */
export class BatchedDestination {
  private lines: string[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly target: pino.DestinationStream & { flush?(cb?: (err?: Error) => void): void } = pino.destination({ dest: 1, sync: false })) {}

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= BATCH_CHARS) this.drain();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.drain(), BATCH_MS);
      this.timer.unref();
    }
  }

  /** Hands every pending line on and asks the target to write them out; pino's `logger.flush()` calls this. */
  flush(cb?: (err?: Error) => void): void {
    this.drain();
    if (this.target.flush) this.target.flush(cb);
    else cb?.();
  }

  private drain(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length === 0) return;
    const text = this.lines.join("");
    this.lines = [];
    this.chars = 0;
    this.target.write(text);
  }
}

/** pino's `time` field as ISO 8601, formatted once per millisecond however many lines share it. */
export const isoTimeField = cachedTimeFormatter(1, (now) => `,"time":"${new Date(now).toISOString()}"`);

/** The request log: JSON lines for Fluentd. Call `logger.flush()` before exiting. */
export function createLogger(level: string, destination: pino.DestinationStream = new BatchedDestination()): Logger {
  return pino({ level, base: { service: "llm-exporter" }, timestamp: isoTimeField }, destination);
}
