import { stringify } from "yaml";
import type { StackConfig } from "../config";
import { ruleGroups } from "./groups";
import { isAlert, type AlertRule, type Rule, type RuleGroup } from "./types";

/** The anchor of an alert's section in docs/runbooks.md. */
export function runbookAnchor(alert: string): string {
  return alert.toLowerCase();
}

/** An alert's `runbook_url`: `<runbookBaseUrl>#<alertname lowercased>`. */
export function runbookUrl(config: StackConfig, alert: string): string {
  return `${config.alerts.runbookBaseUrl}#${runbookAnchor(alert)}`;
}

function renderAlert(config: StackConfig, r: AlertRule): Record<string, unknown> {
  return {
    alert: r.alert,
    expr: r.expr,
    ...(r.for === undefined ? {} : { for: r.for }),
    labels: { severity: r.severity, service: r.service, signal: r.signal ?? r.alert },
    annotations: { summary: r.summary, description: r.description, runbook_url: runbookUrl(config, r.alert) },
  };
}

function renderRule(config: StackConfig, r: Rule): Record<string, unknown> {
  if (isAlert(r)) return renderAlert(config, r);
  return { record: r.record, expr: r.expr, ...(r.labels ? { labels: r.labels } : {}) };
}

/** Prometheus rule-file YAML of some groups; the same groups always give the same bytes. */
export function renderRuleFile(config: StackConfig, groups: readonly RuleGroup[]): string {
  const doc = { groups: groups.map((g) => ({ name: g.name, rules: g.rules.map((r) => renderRule(config, r)) })) };
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** File name -> Prometheus rule-file YAML for a stack, in a stable order (`prometheus/rules/<file>`). */
export function ruleFiles(config: StackConfig): Record<string, string> {
  const byFile = new Map<string, RuleGroup[]>();
  for (const g of ruleGroups(config)) byFile.set(g.file, [...(byFile.get(g.file) ?? []), g]);
  return Object.fromEntries([...byFile].map(([file, groups]) => [file, renderRuleFile(config, groups)]));
}
