import { GUARDIAN_METRICS } from "../catalog";
import { RECORDED } from "../alerts";
import { countOf, sumOf } from "../alerts/promql";
import type { StackConfig } from "../config";
import type { DashboardSpec } from "./dashboard";
import { RATE, histogramQuantiles } from "./queries";
import { above, below } from "./thresholds";

const g = GUARDIAN_METRICS;

/** Seed 003's "LLM Guardian Cluster - System Overview" dashboard. */
export function guardianOverviewDashboard(config: StackConfig): DashboardSpec {
  const t = config.alerts.thresholds;
  return {
    uid: "llmobs-guardian-overview",
    title: "LLM Guardian Cluster - System Overview",
    description: "Seed 003's cluster overview: specialist request rate, quality, response time, errors and resource use.",
    origin: "seed 003 (System Overview)",
    tags: ["llm-guardian", "overview"],
    panels: [
      {
        kind: "stat", title: "Request Rate", unit: "reqps", min: 0, width: 6,
        description: "Specialist requests per second, all specialists.",
        queries: [{ expr: `sum(rate(${g.specialistRequestsTotal.name}[${RATE}]))`, legend: "Requests/sec" }],
      },
      {
        kind: "stat", title: "Average Quality Score", unit: "percentunit", min: 0, max: 1, width: 6,
        description: `Mean response quality score (0-1) over 10 m. LowQualityScore below ${t.lowQualityScore}.`,
        queries: [{ expr: `sum(rate(${sumOf(g.specialistQualityScore)}[10m])) / sum(rate(${countOf(g.specialistQualityScore)}[10m]))`, legend: "Quality Score" }],
        thresholds: below(t.lowQualityScore, 0.8),
      },
      {
        kind: "timeseries", title: "Response Time", unit: "s", min: 0,
        description: `Specialist response time quantiles. HighResponseTime when a specialist's p95 exceeds ${t.specialistP95WarningSeconds} s.`,
        queries: histogramQuantiles(g.specialistRequestDuration, []),
        thresholds: above(t.specialistP95WarningSeconds),
      },
      {
        kind: "timeseries", title: "Error Rate", unit: "ops", min: 0,
        description: `Errors/s per specialist type and error type. HighSpecialistErrorRate above ${t.specialistErrorsPerSecond}/s.`,
        queries: [{ expr: `sum by (specialist_type, error_type) (rate(${g.specialistErrorsTotal.name}[${RATE}]))`, legend: "{{specialist_type}} - {{error_type}}" }],
        thresholds: above(t.specialistErrorsPerSecond),
      },
      {
        kind: "timeseries", title: "Resource Utilization", unit: "percent", min: 0, max: 100,
        description: `GPU (HighGPUUtilization above ${t.gpuUtilizationWarningPct} %), CPU and memory utilisation of the cluster.`,
        queries: [
          { expr: `avg(${g.specialistGpuUtilization.name})`, legend: "GPU Utilization" },
          { expr: `avg(${RECORDED.nodeCpuUtilization})`, legend: "CPU Utilization" },
          { expr: `avg(${RECORDED.nodeMemoryUtilization}) * 100`, legend: "Memory Utilization" },
        ],
        thresholds: above(t.gpuUtilizationWarningPct),
      },
    ],
  };
}

/** Seed 003's "Specialist Performance Analysis" dashboard. */
export function specialistPerformanceDashboard(config: StackConfig): DashboardSpec {
  const t = config.alerts.thresholds;
  return {
    uid: "llmobs-specialist-performance",
    title: "Specialist Performance Analysis",
    description: "Seed 003's specialist analysis: quality distribution, token rate, guardian findings and the improvement backlog.",
    origin: "seed 003 (Specialist Performance)",
    tags: ["llm-guardian", "specialists"],
    panels: [
      {
        kind: "heatmap", title: "Quality Score Distribution", unit: "short",
        description: "How many responses fell in each quality-score bucket (0-1), over time.",
        queries: [{ expr: `sum by (le) (increase(${g.specialistQualityScore.name}_bucket[${RATE}]))`, legend: "{{le}}", format: "heatmap" }],
      },
      {
        kind: "timeseries", title: "Token Processing Rate", unit: "short", min: 0,
        description: "Tokens per second per specialist type.",
        queries: [{ expr: `sum by (specialist_type) (${g.specialistTokensPerSecond.name})`, legend: "{{specialist_type}}" }],
      },
      {
        kind: "table", title: "Guardian Issue Detection", unit: "short",
        description: "Issues guardians detected in the last hour by guardian, issue type and severity.",
        queries: [{ expr: `sum by (guardian_type, issue_type, severity) (increase(${g.guardianIssuesDetectedTotal.name}[1h]))`, instant: true, format: "table" }],
      },
      {
        kind: "timeseries", title: "Guardian evaluation failures (5 m)", unit: "short", min: 0,
        description: `Failed guardian evaluations in 5 minutes per guardian. GuardianEvaluationFailure above ${t.guardianFailures5m}.`,
        queries: [{ expr: `sum by (guardian_type) (increase(${g.guardianErrorsTotal.name}[5m]))`, legend: "{{guardian_type}}" }],
        thresholds: above(t.guardianFailures5m),
      },
      {
        kind: "stat", title: "Pending improvement suggestions", unit: "short",
        description: `Improvement suggestions waiting for review. ImprovementBacklog above ${t.improvementBacklog}.`,
        queries: [{ expr: `sum(${g.improvementSuggestions.name}{status="pending"})`, legend: "pending" }],
        thresholds: above(t.improvementBacklog),
      },
      {
        kind: "timeseries", title: "Response time p95 per specialist", unit: "s", min: 0,
        description: `p95 per specialist type. HighResponseTime above ${t.specialistP95WarningSeconds} s.`,
        queries: [histogramQuantiles(g.specialistRequestDuration, ["specialist_type"])[1]!],
        thresholds: above(t.specialistP95WarningSeconds),
      },
    ],
  };
}
