import { ConfigError, durationSeconds, keyName, type StackConfig } from "../config";
import { anomalyGroups } from "./anomaly";
import { gpuRecordingRules } from "./recording/gpu";
import { infrastructureRecordingRules } from "./recording/infrastructure";
import { llmBaselineGroup, llmLatencyRecordingGroup, llmRecordingGroup } from "./recording/llm";
import { ailinuxAlerts } from "./rules/ailinux";
import { ensembleAlerts } from "./rules/ensemble";
import { exporterAlerts } from "./rules/exporter";
import { gpuAlerts } from "./rules/gpu";
import { guardianAlerts } from "./rules/guardian";
import { infrastructureAlerts } from "./rules/infrastructure";
import { latencyAlerts } from "./rules/llm-latency";
import { trafficAlerts } from "./rules/llm-traffic";
import { complianceAlerts, securityAlerts } from "./rules/siem";
import { sloGroups } from "./slo/burn-rate";
import { isAlert, type RuleGroup } from "./types";

/**
 * prometheus.windowedRulesInterval as a group's own interval, or none when it is the global evaluation interval
 * (the rule file then says nothing it does not need to).
 */
function windowedInterval(config: StackConfig): string | undefined {
  const { windowedRulesInterval, evaluationInterval } = config.prometheus;
  return durationSeconds(windowedRulesInterval) === durationSeconds(evaluationInterval) ? undefined : windowedRulesInterval;
}

/** Every group, before `config.alerts.disabled` is applied. */
function allGroups(config: StackConfig): RuleGroup[] {
  const ctx = config.alerts;
  const windowed = windowedInterval(config);
  return [
    llmRecordingGroup(),
    llmLatencyRecordingGroup(windowed),
    llmBaselineGroup(ctx),
    { name: "llm-alerts", file: "llm-alerts.yml", rules: [
      ...latencyAlerts(ctx), ...trafficAlerts(ctx), ...gpuAlerts(ctx),
      // A stack without the exporter would see LLMExporterDown's absent() fire forever.
      ...(config.exporter.enabled ? exporterAlerts(ctx) : []),
    ] },
    { name: "siem-alerts", file: "siem-alerts.yml", rules: securityAlerts(ctx) },
    { name: "compliance-alerts", file: "siem-alerts.yml", ...(windowed ? { interval: windowed } : {}), rules: complianceAlerts(ctx) },
    { name: "infrastructure-recording", file: "infrastructure.yml", rules: [...infrastructureRecordingRules(), ...gpuRecordingRules()] },
    { name: "infrastructure-alerts", file: "infrastructure.yml", rules: infrastructureAlerts(ctx) },
    { name: "ailinux-alerts", file: "applications.yml", rules: ailinuxAlerts(ctx) },
    { name: "ensemble-alerts", file: "applications.yml", rules: ensembleAlerts(ctx) },
    { name: "guardian-alerts", file: "applications.yml", rules: guardianAlerts(ctx) },
    ...sloGroups(ctx, windowed),
    ...anomalyGroups(ctx, windowed),
  ];
}

/** Names of every alert this module can render, whatever the config disables. */
export function knownAlertNames(config: StackConfig): string[] {
  return allGroups(config).flatMap((g) => g.rules.filter(isAlert).map((r) => r.alert));
}

/**
 * The rule groups of a stack, as data for other code (dashboards, policies) to inspect. Alerts named in
 * `config.alerts.disabled` are left out; a name that matches no alert is an error naming the known ones, so a
 * typo does not silently keep an alert on.
 */
export function ruleGroups(config: StackConfig): RuleGroup[] {
  const groups = allGroups(config);
  const known = new Set(groups.flatMap((g) => g.rules.filter(isAlert).map((r) => r.alert)));
  const unknown = config.alerts.disabled.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const allowed = [...known].sort().join(", ");
    throw new ConfigError(unknown.map((name) => `${keyName(["alerts", "disabled"])} = ${JSON.stringify(name)}: expected an alert name, one of ${allowed}`));
  }
  const disabled = new Set(config.alerts.disabled);
  return groups
    .map((g) => ({ ...g, rules: g.rules.filter((r) => !isAlert(r) || !disabled.has(r.alert)) }))
    .filter((g) => g.rules.length > 0);
}
