/**
 * Labels whose values grow without bound with traffic (one value per request, trace, user, prompt or URL). Any one
 * of them in a series multiplies the TSDB by the number of requests; the policy config can extend the list.
 */
export const UNBOUNDED_LABELS = [
  "request_id", "trace_id", "span_id", "user_id", "user", "session_id", "conversation_id", "client_id",
  "prompt", "completion", "message", "path", "raw_path", "url", "uri", "query", "client_ip", "remote_addr",
  "pod_uid", "uid", "container_id", "pod_ip",
];
