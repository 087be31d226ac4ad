/** What the proxy needs from an inference request body, and the body to send upstream. */
export interface ClientRequest {
  /** The `model` field as sent. */
  model: string;
  /** Whether the client asked for an SSE stream. */
  stream: boolean;
  /** Whether the proxy added `stream_options.include_usage` and must hide the usage event from the client. */
  stripUsage: boolean;
  /** The original bytes when nothing had to change, otherwise the rewritten JSON. */
  upstreamBody: Buffer | string;
}

/** Why a request body was refused, phrased for the client. */
export interface BadRequest {
  message: string;
  param: string | null;
}

/**
 * Validates an inference request body (JSON object with a non-empty string `model`). For a stream without
 * `stream_options.include_usage` it asks the upstream for usage anyway, so token counts are exact.
 */
export function parseClientRequest(body: Buffer, streamable: boolean): ClientRequest | BadRequest {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch (e) {
    return { message: `request body is not valid JSON: ${(e as Error).message}`, param: null };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { message: "request body must be a JSON object", param: null };
  const req = json as { model?: unknown; stream?: unknown; stream_options?: unknown };
  if (typeof req.model !== "string" || req.model.length === 0) {
    return { message: "you must provide a model parameter (a non-empty string)", param: "model" };
  }
  const stream = streamable && req.stream === true;
  const opts = req.stream_options;
  if (opts !== undefined && opts !== null && (typeof opts !== "object" || Array.isArray(opts))) {
    return { message: "stream_options must be an object", param: "stream_options" };
  }
  const hasUsage = (opts as { include_usage?: unknown } | null | undefined)?.include_usage === true;
  if (!stream || hasUsage) return { model: req.model, stream, stripUsage: false, upstreamBody: body };
  req.stream_options = { ...(opts as object | null | undefined), include_usage: true };
  return { model: req.model, stream, stripUsage: true, upstreamBody: JSON.stringify(req) };
}

/** Token counts of a non-streaming response's `usage`, when present and numeric. */
export function readUsage(body: unknown): { prompt?: number; completion?: number } {
  const usage = (body as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null)?.usage;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);
  const prompt = num(usage?.prompt_tokens), completion = num(usage?.completion_tokens);
  return { ...(prompt !== undefined ? { prompt } : {}), ...(completion !== undefined ? { completion } : {}) };
}
