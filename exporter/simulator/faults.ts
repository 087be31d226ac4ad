/**
 * Fault modes a test can ask of the simulator for one request, either with the header
 * `x-sim-fault: <mode>` or with a model named `fault-<mode>` (or `fault-<mode>/<anything>`) when only the
 * body reaches the simulator, e.g. through a proxy that drops unknown headers:
 * - `reset`: the TCP connection is destroyed before any response byte.
 * - `reset-mid-stream`: headers and the first chunk (or half the JSON body) are sent, then the connection is destroyed.
 * - `malformed-json`: 200 with a truncated JSON body; streams carry one `data:` event whose payload is not JSON.
 * - `malformed-sse`: streams send the first chunk, then non-SSE text, and end without `data: [DONE]`;
 *   non-streaming requests behave like `malformed-json`.
 * - `hang`: the request is read and never answered (until the client or the simulator closes the socket).
 * - `slow-first-byte`: nothing is sent for `slowFirstByteMs`, then a normal response.
 * - `omit-usage`: a normal response without `usage` (no usage chunk even with `stream_options.include_usage`).
 * - `http-429`, `http-500`, `http-503`: that status with an OpenAI error JSON body (429 adds `retry-after: 1`).
 */
export const FAULT_MODES = [
  "reset", "reset-mid-stream", "malformed-json", "malformed-sse", "hang", "slow-first-byte", "omit-usage",
  "http-429", "http-500", "http-503",
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export const FAULT_HEADER = "x-sim-fault";
const MODEL_PREFIX = "fault-";

function isFaultMode(value: string): value is FaultMode {
  return (FAULT_MODES as readonly string[]).includes(value);
}

/** The fault named by a `fault-<mode>[/...]` model, if the model is one. */
export function faultFromModel(model: string): FaultMode | undefined {
  if (!model.startsWith(MODEL_PREFIX)) return undefined;
  const mode = model.slice(MODEL_PREFIX.length).split("/", 1)[0] ?? "";
  return isFaultMode(mode) ? mode : undefined;
}

/**
 * The fault a request asks for. The header wins over the model name; an unknown header value is an error
 * (returned, not thrown) so the simulator can answer 400 naming the allowed modes.
 */
export function requestedFault(header: string | string[] | undefined, model: string): FaultMode | Error | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === "") return faultFromModel(model);
  return isFaultMode(value)
    ? value
    : new Error(`${FAULT_HEADER}: unknown fault "${value}"; allowed: ${FAULT_MODES.join(", ")}`);
}
