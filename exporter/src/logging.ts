import pino, { type Logger } from "pino";

/**
 * Where request log lines go: stdout, asynchronously, in writes of at least 16 KiB or every 100 ms. One write
 * per line would cost the proxy a syscall and a thread-pool round trip per request.
 */
export function stdoutDestination(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 16 * 1024, maxWrite: 64 * 1024, periodicFlush: 100 });
}

let isoMillis = -1;
let isoField = "";
/** pino's `time` field as ISO 8601, formatted once per millisecond however many lines share it. */
export function isoTimeField(): string {
  const now = Date.now();
  if (now !== isoMillis) {
    isoMillis = now;
    isoField = `,"time":"${new Date(now).toISOString()}"`;
  }
  return isoField;
}

/** The request log: JSON lines for Fluentd. Call `logger.flush()` before exiting. */
export function createLogger(level: string, destination: pino.DestinationStream = stdoutDestination()): Logger {
  return pino({ level, base: { service: "llm-exporter" }, timestamp: isoTimeField }, destination);
}
