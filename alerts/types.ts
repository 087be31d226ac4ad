import type { AlertsConfig } from "../config";

export type Severity = "critical" | "warning" | "info";

/** What an on-call engineer reads first: rendered into docs/runbooks.md under the alert's anchor. */
export interface Runbook {
  /** What the alert means, in one or two sentences. */
  readonly meaning: string;
  /** Where to look first, in order. */
  readonly checks: readonly string[];
  /** Fixes that usually apply. */
  readonly fixes: readonly string[];
}

/** One alerting rule as authored here; rendered to Prometheus' rule format by render.ts. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** Pending duration before firing; omitted means the alert fires on the first evaluation that matches. */
  readonly for?: string;
  readonly severity: Severity;
  /** Which application or layer the alert is about (Alertmanager groups by it). */
  readonly service: string;
  /**
   * Alerts that watch the same signal at different severities share it (HighErrorRate and CriticalErrorRate:
   * `error_rate`), so Alertmanager can inhibit the warning while the critical fires. Defaults to the alert name.
   */
  readonly signal?: string;
  readonly summary: string;
  readonly description: string;
  readonly runbook: Runbook;
}

/** One recording rule; `labels` tell apart series recorded under one name from different sources. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export type Rule = AlertRule | RecordingRule;

/** A Prometheus rule group and the rule file it is written to. */
export interface RuleGroup {
  readonly name: string;
  readonly file: string;
  /**
   * Evaluation interval of the group, for rules over long windows or many series whose result barely moves between
   * two evaluations: they cost as much per evaluation as they read, so running them less often is what makes them
   * cheap. Keep it well under Prometheus' 5 m lookback, or readers see the recorded series vanish between
   * evaluations. Defaults to the global evaluation interval.
   */
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

/** The part of the stack config rule builders read. */
export type RuleContext = AlertsConfig;

export function isAlert(rule: Rule): rule is AlertRule {
  return "alert" in rule;
}
