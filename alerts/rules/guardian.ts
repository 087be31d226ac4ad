import { GUARDIAN_METRICS } from "../../catalog";
import { bucket, bucketBound, countOf, num, sumOf } from "../promql";
import type { AlertRule, RuleContext } from "../types";

const g = GUARDIAN_METRICS;
const quality = g.specialistQualityScore;

/**
 * Seed 003's application alerts (LLM Guardian Cluster). Two seed expressions are corrected: the quality score
 * is a histogram, so its mean is `_sum / _count` (seed: avg_over_time of the family name, which matches no
 * series); and `improvement_suggestions` is a gauge, so the backlog is the sum of its values, not a count of
 * its series.
 */
export function guardianAlerts(ctx: RuleContext): AlertRule[] {
  const t = ctx.thresholds;
  const byType = "specialist_type";
  return [
    {
      alert: "HighSpecialistErrorRate",
      expr: `sum by (${byType}) (rate(${g.specialistErrorsTotal.name}[5m])) > ${num(t.specialistErrorsPerSecond)}`,
      for: t.specialistErrorRateFor, severity: "warning", service: "guardian", signal: "error_rate",
      summary: "High error rate detected for {{ $labels.specialist_type }}",
      description: "Error rate is {{ $value | humanize }} errors/sec for specialist {{ $labels.specialist_type }}.",
      runbook: {
        meaning: `Seed 003's HighErrorRate: a specialist raises more than ${num(t.specialistErrorsPerSecond)} errors per second.`,
        checks: ["Specialist performance dashboard: errors by error_type and severity.", "Specialist logs (Elasticsearch, field specialist_type)."],
        fixes: ["Restart or roll back the specialist; fix the dominant error type."],
      },
    },
    {
      alert: "LowQualityScore",
      expr: `sum by (${byType}) (rate(${sumOf(quality)}[10m])) / sum by (${byType}) (rate(${countOf(quality)}[10m])) < ${num(t.lowQualityScore)}`,
      for: t.lowQualityScoreFor, severity: "critical", service: "guardian",
      summary: "Quality score below threshold for {{ $labels.specialist_type }}",
      description: "Average quality score is {{ $value | humanizePercentage }} for specialist {{ $labels.specialist_type }}.",
      runbook: {
        meaning: `Responses of a specialist are rated worse than ${num(t.lowQualityScore)} on average over 10 minutes.`,
        checks: ["Recent model, prompt or retrieval changes for the specialist.", "Guardian issues detected by issue_type."],
        fixes: ["Roll back the last change; route the specialist's traffic to a fallback model."],
      },
    },
    {
      alert: "HighResponseTime",
      expr: `histogram_quantile(0.95, sum by (${byType}, le) (rate(${bucket(g.specialistRequestDuration)}[5m]))) > ${num(bucketBound(g.specialistRequestDuration, t.specialistP95WarningSeconds))}`,
      for: t.specialistP95WarningFor, severity: "warning", service: "guardian",
      summary: "High response time for {{ $labels.specialist_type }}",
      description: "95th percentile response time is {{ $value | humanizeDuration }} for specialist {{ $labels.specialist_type }}.",
      runbook: {
        meaning: `A specialist's P95 response time is above ${num(t.specialistP95WarningSeconds)} s.`,
        checks: ["Request complexity mix and tokens per second of the specialist.", "GPU utilisation of the specialist's GPUs."],
        fixes: ["Scale the specialist; cap response length for complex requests."],
      },
    },
    {
      alert: "GuardianEvaluationFailure",
      expr: `sum by (guardian_type) (increase(${g.guardianErrorsTotal.name}[5m])) > ${num(t.guardianFailures5m)}`,
      for: t.guardianFailuresFor, severity: "critical", service: "guardian",
      summary: "Guardian evaluation failures detected",
      description: "Guardian {{ $labels.guardian_type }} has {{ $value | humanize }} failures in the last 5 minutes.",
      runbook: {
        meaning: "A guardian fails to evaluate responses; unchecked responses may reach users.",
        checks: ["Guardian logs for the failing evaluation type.", "Whether the guardian's own model is reachable."],
        fixes: ["Restart the guardian; fail closed (hold responses) if evaluations keep failing."],
      },
    },
    {
      alert: "ImprovementBacklog",
      expr: `sum(${g.improvementSuggestions.name}{status="pending"}) > ${num(t.improvementBacklog)}`,
      for: t.improvementBacklogFor, severity: "warning", service: "guardian",
      summary: "Large improvement suggestion backlog",
      description: "There are {{ $value }} pending improvement suggestions.",
      runbook: {
        meaning: `Guardians suggest improvements faster than they are reviewed (more than ${num(t.improvementBacklog)} pending for ${t.improvementBacklogFor}).`,
        checks: ["Suggestions by improvement_type: one noisy type?"],
        fixes: ["Review or bulk-close the backlog; tune the guardian that floods it."],
      },
    },
  ];
}
