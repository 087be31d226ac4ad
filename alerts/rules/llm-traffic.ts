import { LLM_METRICS } from "../../catalog";
import { num, perModelThreshold } from "../promql";
import { RECORDED } from "../recorded";
import type { AlertRule, RuleContext } from "../types";

const errorChecks = [
  "LLM dashboard, errors panel: which error class (upstream_5xx, timeout, connection_refused, ...) dominates for the model.",
  "Exporter logs (Elasticsearch, field model_id) for the failing requests; circuit breaker state of the upstream.",
  "Backend health: pod restarts, OOM kills, GPU errors (llm_errors_total by component).",
];
const errorFixes = [
  "Upstream 5xx / connection errors: restart or scale the backend, or fail over to another upstream.",
  "Timeouts: the backend is overloaded - see the latency and queue alerts; raise exporter timeouts only if answers are legitimately long.",
  "Client-caused failures (bad_request, upstream_4xx, client_disconnect) are not counted here; if they dominate the errors panel, find the client in the logs.",
];

/** Seed 000's error-rate, throughput, queue and traffic alerts. */
export function trafficAlerts(ctx: RuleContext): AlertRule[] {
  const t = ctx.thresholds;
  // Requests/s that make a model's ratio or throughput meaningful; recorded series share labels, so plain `and` matches.
  const busy = `${RECORDED.requestsRate5m} >= ${num(t.minRequestsPerSecond)}`;
  const errorRatio = (key: "errorRateWarning" | "errorRateCritical") =>
    `(\n${perModelThreshold(ctx, { series: RECORDED.errorRatio5m, op: ">", key })}\n)\nand\n${busy}`;
  const window = t.noRequestsFor;
  return [
    {
      alert: "HighErrorRate", expr: errorRatio("errorRateWarning"), for: t.errorRateWarningFor,
      severity: "warning", service: "llm", signal: "error_rate",
      summary: "High error rate on {{ $labels.model_id }}",
      description: "{{ $value | humanizePercentage }} of requests to model {{ $labels.model_id }} (source {{ $labels.source }}) failed over the last 5 minutes.",
      runbook: { meaning: "More than the warning share (seed 000: 5 %) of a busy model's requests fail.", checks: errorChecks, fixes: errorFixes },
    },
    {
      alert: "CriticalErrorRate", expr: errorRatio("errorRateCritical"), for: t.errorRateCriticalFor,
      severity: "critical", service: "llm", signal: "error_rate",
      summary: "Critical error rate on {{ $labels.model_id }}",
      description: "{{ $value | humanizePercentage }} of requests to model {{ $labels.model_id }} (source {{ $labels.source }}) failed over the last 5 minutes.",
      runbook: { meaning: "More than the critical share (seed 000: 10 %) of a busy model's requests fail; users see errors.", checks: errorChecks, fixes: errorFixes },
    },
    {
      alert: "LowThroughput",
      // An idle model generates no tokens and is not slow: only judge models that are being asked for work.
      expr: `(\n${perModelThreshold(ctx, { series: RECORDED.tokensGenerated5m, op: "<", key: "lowThroughputTokensPerSecond" })}\n)\nand\n${busy}`,
      for: t.lowThroughputFor, severity: "warning", service: "llm",
      summary: "Low token throughput on {{ $labels.model_id }}",
      description: "Model {{ $labels.model_id }} generates {{ $value | humanize }} tokens/s while it is receiving requests.",
      runbook: {
        meaning: "A model under load generates fewer tokens per second than the threshold (seed 000: 100 tokens/s).",
        checks: [
          "Per-token latency panel: did each token get slower (GPU throttling, memory pressure) or are answers shorter?",
          "GPU dashboard: temperature (thermal throttling), utilisation, memory.",
          "Scheduler: batch size and preemptions - a shrinking batch lowers throughput.",
        ],
        fixes: [
          "Fix throttling (cooling, power limits) or move the model to a healthy GPU.",
          "If traffic is simply light with short answers, lower alerts.modelOverrides.<model>.lowThroughputTokensPerSecond.",
        ],
      },
    },
    {
      alert: "HighQueueLength", expr: `${LLM_METRICS.schedulerQueueLength.name} > ${num(t.queueLengthWarning)}`,
      for: t.queueLengthFor, severity: "warning", service: "llm",
      summary: "Scheduler queue is long on {{ $labels.instance }}",
      description: "{{ $value }} requests are waiting in the backend scheduler queue of {{ $labels.instance }}.",
      runbook: {
        meaning: "More requests wait for a batch slot than the threshold (seed 000: 50); latency grows with the queue.",
        checks: ["Requests/s per model: a traffic spike or a retrying client?", "Batch size and preemptions: is the backend running below capacity?"],
        fixes: ["Scale out the backend or rate-limit the heaviest client.", "Raise the backend's max batch size if GPU memory allows."],
      },
    },
    {
      alert: "NoInferenceRequests",
      // Fires when a model that had traffic in the lookback window got none for `noRequestsFor`, whether its
      // rate dropped to 0 or its series vanished (exporter restarted, counters not yet recreated); a stack or
      // model that never served a request stays silent. The window is the duration, so no `for:` is needed.
      // The day-long lookback is recorded every few minutes (llm-baseline), not re-read at every evaluation.
      expr: `${RECORDED.inferenceRateMaxBefore} > 0\nunless\nmax_over_time(${RECORDED.inferenceRate1m}[${window}]) > 0`,
      severity: "warning", service: "llm",
      summary: "No inference requests for {{ $labels.model_id }}",
      description: `Model {{ $labels.model_id }} (source {{ $labels.source }}) received no requests for ${window} after serving traffic earlier.`,
      runbook: {
        meaning: "Traffic to a model stopped: clients cannot reach it, or they were switched away on purpose.",
        checks: [
          "Is the route to the exporter/backend up (ingress, service, DNS)? Try a request with the openai client.",
          "Exporter logs for rejected requests (auth failures, body too large) and the circuit breaker state.",
          "Deployment history: was the model renamed or retired?",
        ],
        fixes: ["Restore the route or the backend.", `If the model was retired on purpose, the alert resolves after the lookback window (${t.noRequestsLookback}); silence it until then.`],
      },
    },
  ];
}
