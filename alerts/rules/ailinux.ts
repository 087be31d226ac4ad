import { AILINUX_METRICS, EXPORTER_EXTRA_METRICS } from "../../catalog";
import { bucketBound, num } from "../promql";
import { durationQuantile } from "../recorded";
import type { AlertRule, RuleContext } from "../types";

const requests = AILINUX_METRICS.requestCount.name;
const OPEN = 1;

/** Seed 001's alerts (AILinux TriStar backend); the circuit breaker alert also covers the exporter's breakers. */
export function ailinuxAlerts(ctx: RuleContext): AlertRule[] {
  const t = ctx.thresholds;
  const rate = (matchers: string) => `sum(rate(${requests}${matchers}[5m]))`;
  return [
    {
      alert: "HighHTTPErrorRate",
      expr: `${rate('{status=~"5.."}')} / ${rate("")} > ${num(t.errorRateWarning)}\nand on ()\n${rate("")} >= ${num(t.minRequestsPerSecond)}`,
      for: t.httpErrorRateFor, severity: "warning", service: "ailinux", signal: "error_rate",
      summary: "HTTP error rate above threshold",
      description: "{{ $value | humanizePercentage }} of HTTP requests to the backend answered 5xx over the last 5 minutes.",
      runbook: {
        meaning: "Seed 001's HighErrorRate: more than the warning share of the backend's HTTP requests fail with 5xx.",
        checks: ["Backend logs (Elasticsearch) for the 5xx responses, by endpoint.", "Circuit breaker states: an open breaker turns LLM failures into 5xx."],
        fixes: ["Restart or roll back the backend; fail over the failing LLM provider."],
      },
    },
    {
      alert: "CircuitBreakerOpen",
      expr: `${AILINUX_METRICS.circuitBreakerState.name} == ${OPEN}\nor\n${EXPORTER_EXTRA_METRICS.circuitBreakerState.name} == ${OPEN}`,
      for: t.circuitBreakerOpenFor, severity: "critical", service: "llm",
      summary: "Circuit breaker {{ $labels.llm_id }}{{ $labels.upstream }} is OPEN",
      description: "Calls to {{ $labels.llm_id }}{{ $labels.upstream }} fail fast: the circuit breaker opened after repeated failures.",
      runbook: {
        meaning: "An upstream LLM failed repeatedly; its circuit breaker is open and requests to it are rejected until a probe succeeds.",
        checks: ["The upstream's health: its /health or /v1/models, pod status, provider status page.", "Exporter logs for the errors that opened the breaker."],
        fixes: ["Restore the upstream; the breaker half-opens after its open period and closes on a successful probe.", "Route the model to another upstream meanwhile."],
      },
    },
    {
      alert: "HighLLMLatency",
      expr: `${durationQuantile(0.95)}{source="ailinux"} > ${num(bucketBound(AILINUX_METRICS.llmLatencySeconds, t.llmCallP95WarningSeconds))}`,
      for: t.llmCallP95WarningFor, severity: "warning", service: "ailinux",
      summary: `LLM {{ $labels.model_id }} P95 latency above ${num(t.llmCallP95WarningSeconds)}s`,
      description: "P95 latency of calls to {{ $labels.model_id }} via {{ $labels.provider }} is {{ $value | humanizeDuration }}.",
      runbook: {
        meaning: `Calls from the backend to an LLM provider take very long: P95 above ${num(t.llmCallP95WarningSeconds)} s (seed 001: 30 s).`,
        checks: ["Provider status page and rate-limit responses.", "Token counts per call: did prompts grow?"],
        fixes: ["Switch the model's traffic to another provider; lower max_tokens."],
      },
    },
    {
      alert: "LowMemoryEntries", expr: `${AILINUX_METRICS.memoryEntries.name} < ${num(t.lowMemoryEntries)}`,
      for: t.lowMemoryEntriesFor, severity: "info", service: "ailinux",
      summary: "Few TriForce memory entries",
      description: "The TriForce memory holds only {{ $value }} entries.",
      runbook: {
        meaning: "The backend's shared memory store is almost empty: it was reset, or writes to it fail.",
        checks: ["Backend logs for memory-store errors; Redis availability."],
        fixes: ["Restore the store from its last snapshot; fix the write path."],
      },
    },
  ];
}
