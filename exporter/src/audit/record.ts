/**
 * One audit record (seed 001's SIEM format: `{"timestamp","trace_id","action","resource","log_level",...}`).
 * It describes who did what to which resource with which outcome, never the prompt or completion text.
 */
export interface AuditRecord {
  /** ISO 8601 time of the event; filled with the write time when empty. */
  timestamp: string;
  /** W3C trace id linking the record to its trace, "" when not traced. */
  trace_id: string;
  request_id: string;
  /** What happened: `llm_call`, `auth_failure`, `metrics_auth_failure`, ... */
  action: string;
  /** What it happened to, e.g. the OpenAI endpoint path. */
  resource: string;
  /** `INFO`, `WARN` or `ERROR`. */
  log_level: string;
  /** HTTP status answered. */
  status: number;
  model?: string;
  upstream?: string;
  outcome?: "success" | "failure";
  /** Error class, never an upstream's message body. */
  error?: string;
  prompt_tokens?: number;
  completion_tokens?: number;
  duration_ms?: number;
  client_ip?: string;
}

/**
 * The only fields written. Serialising from this list, not from the object, is what guarantees that a
 * caller passing a richer object (a request body, `messages`, `prompt`) cannot leak its text to disk.
 */
const FIELDS = [
  "timestamp", "trace_id", "request_id", "action", "resource", "model", "upstream", "status", "outcome", "error",
  "prompt_tokens", "completion_tokens", "duration_ms", "client_ip", "log_level",
] as const satisfies readonly (keyof AuditRecord)[];

/** Each field's `"name":` prefix, serialised once. */
const KEYS = FIELDS.map((f) => `${JSON.stringify(f)}:`);

/**
 * One JSON line (with its newline) holding only the audit fields of `record`, in FIELDS order. Written field by
 * field (no intermediate object) because it runs once per proxied request.
 */
export function serializeAuditRecord(record: AuditRecord, now: Date): string {
  const stamp = record.timestamp;
  let out = `{${KEYS[0]}${JSON.stringify(typeof stamp === "string" && stamp !== "" ? stamp : now.toISOString())}`;
  for (let i = 1; i < FIELDS.length; i++) {
    const value = record[FIELDS[i]!];
    if (value === undefined) continue;
    out += `,${KEYS[i]}${typeof value === "number" && Number.isFinite(value) ? String(value) : JSON.stringify(value)}`;
  }
  return `${out}}\n`;
}
