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

/** A Prometheus rule-file document (`{ groups: [...] }`), as YAML for rule files or as a PrometheusRule `spec`. */
export interface RuleFileDocument {
  readonly groups: { readonly name: string; readonly interval?: string; readonly rules: Record<string, unknown>[] }[];
}

function document(config: StackConfig, groups: readonly RuleGroup[]): RuleFileDocument {
  return { groups: groups.map((g) => ({ name: g.name, ...(g.interval ? { interval: g.interval } : {}), rules: g.rules.map((r) => renderRule(config, r)) })) };
}

function byFile(config: StackConfig): Map<string, RuleGroup[]> {
  const files = new Map<string, RuleGroup[]>();
  for (const g of ruleGroups(config)) files.set(g.file, [...(files.get(g.file) ?? []), g]);
  return files;
}

/** Prometheus rule-file YAML of some groups; the same groups always give the same bytes. */
export function renderRuleFile(config: StackConfig, groups: readonly RuleGroup[]): string {
  return stringify(document(config, groups), { lineWidth: 0, aliasDuplicateObjects: false });
}

/** File name -> Prometheus rule-file YAML for a stack, in a stable order (`prometheus/rules/<file>`). */
export function ruleFiles(config: StackConfig): Record<string, string> {
  return Object.fromEntries([...byFile(config)].map(([file, groups]) => [file, renderRuleFile(config, groups)]));
}

/**
 * File name -> the same rules as a document object, for clusters that run prometheus-operator: each value is
 * the `spec` of one `monitoring.coreos.com/v1` PrometheusRule.
 */
export function prometheusRuleSpecs(config: StackConfig): Record<string, RuleFileDocument> {
  return Object.fromEntries([...byFile(config)].map(([file, groups]) => [file, document(config, groups)]));
}
