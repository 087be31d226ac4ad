/**
 * `status` values the seed applications (001 `ailinux_llm_calls_total`, 002 `llm_requests_total`) use for a
 * failed call. Neither seed lists them; this covers the spellings their Python code uses plus HTTP 5xx.
 */
export const FAILED_STATUS_REGEX = "error|failed|failure|timeout|5..";

/**
 * Exporter failure classes (`llm_inference_failures_total{error}`) the client causes: a malformed request, a
 * request the model rejects (context too long), a user closing the stream. They are logged and graphed but
 * left out of error ratios and the availability SLO, so one misbehaving client cannot page the on-call.
 */
export const CLIENT_ERROR_REGEX = "bad_request|upstream_4xx|client_disconnect";

/** `type` of seed 001's `ailinux_llm_tokens_total` that counts generated (completion) tokens. */
export const AILINUX_COMPLETION_TOKEN_TYPE = "completion";

/**
 * Labels Alertmanager's inhibit rule should compare (`equal:`) so that a critical alert silences the warning
 * of the same signal on the same thing (model, GPU, SLO), and nothing else.
 */
export const INHIBIT_EQUAL_LABELS = ["signal", "cluster", "service", "source", "model_id", "gpu", "instance", "slo"] as const;
