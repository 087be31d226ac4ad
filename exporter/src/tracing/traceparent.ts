import { TraceFlags, type SpanContext } from "@opentelemetry/api";

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The remote parent a W3C `traceparent` header names (https://www.w3.org/TR/trace-context/#traceparent-header),
 * or undefined when the header is absent or invalid (version ff, all-zero ids, or extra fields on version 00),
 * in which case the request starts a new trace, as the spec requires.
 */
export function parseTraceparent(header: string | undefined): SpanContext | undefined {
  const m = header === undefined ? null : TRACEPARENT.exec(header.trim().toLowerCase());
  if (!m) return undefined;
  const [, version, traceId = "", spanId = "", flags = "00", rest] = m;
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED, isRemote: true };
}

/** The `traceparent` header value for a span, to pass on to the upstream. */
export function formatTraceparent(ctx: SpanContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${(ctx.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? "01" : "00"}`;
}
