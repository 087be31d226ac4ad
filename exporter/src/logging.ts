import pino, { type Logger } from "pino";

/**
 * The request log: JSON lines on stdout for Fluentd. The destination is asynchronous (buffered, flushed off
 * the request path) because a synchronous write per request would cost the proxy its latency budget.
 * Call `logger.flush()` before exiting.
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false })): Logger {
  return pino({ level, base: { service: "llm-exporter" }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
