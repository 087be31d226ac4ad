import { SpanStatusCode, type AttributeValue, type Span } from "@opentelemetry/api";
import type { RequestSpan } from "../integrations";
import { completeAttributes, GEN_AI, spanName } from "./gen-ai";
import { formatTraceparent } from "./traceparent";

/** A request span, as the proxy's RequestSpan plus what propagation needs. */
export interface TracingSpan extends RequestSpan {
  /** Span id (16 hex chars), "" when not sampled. */
  readonly spanId: string;
  /** `traceparent` header naming this span, to send upstream; undefined when tracing is off. */
  readonly traceparent: string | undefined;
  setAttributes(attributes: Record<string, AttributeValue>): void;
}

export const NOOP_SPAN: TracingSpan = { traceId: "", spanId: "", traceparent: undefined, setAttributes: () => undefined, end: () => undefined };

/**
 * Wraps an SDK span started with `startAttributes`. The name follows the attributes: the proxy learns the
 * model only after reading the body, so a later `gen_ai.request.model` renames `chat` to `chat <model>`.
 * An error without an `error.type` attribute gets the error's name as its type.
 */
export function wrapSpan(span: Span, startAttributes: Record<string, AttributeValue>): TracingSpan {
  const sc = span.spanContext();
  const sampled = span.isRecording();
  const known: Record<string, AttributeValue> = { ...startAttributes };
  return {
    traceId: sampled ? sc.traceId : "",
    spanId: sampled ? sc.spanId : "",
    traceparent: formatTraceparent(sc),
    setAttributes(more) {
      if (!sampled) return;
      const before = spanName(known);
      Object.assign(known, more);
      span.setAttributes(completeAttributes(more, false));
      const after = spanName(known);
      if (after !== before) span.updateName(after);
    },
    end(error) {
      if (error && sampled) {
        span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        if (known[GEN_AI.errorType] === undefined) span.setAttribute(GEN_AI.errorType, error.name);
      }
      span.end();
    },
  };
}
