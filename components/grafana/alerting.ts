import { createHash } from "node:crypto";
import { stringify } from "yaml";
import { prometheusRuleSpecs } from "../../alerts";
import { durationSeconds, type StackConfig } from "../../config";
import { DATASOURCE_UIDS } from "../../dashboards";
import { ALERTMANAGER_GROUP_BY } from "../alertmanager";
import { SERVICE_URLS } from "./names";

/** One query or expression step of a Grafana-managed rule (`A` the PromQL, `B` its last value, `C` the condition). */
export interface GrafanaRuleData {
  readonly refId: string;
  readonly datasourceUid: string;
  readonly relativeTimeRange: { readonly from: number; readonly to: number };
  readonly model: Record<string, unknown>;
}

/** A Grafana-managed alert rule, in the shape of Grafana's alerting provisioning file. */
export interface GrafanaAlertRule {
  readonly uid: string;
  readonly title: string;
  readonly condition: "C";
  readonly data: readonly GrafanaRuleData[];
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly noDataState: "OK";
  readonly execErrState: "Error";
}

export interface GrafanaRuleGroup {
  readonly name: string;
  /** Evaluation interval in seconds (Prometheus' evaluation interval). */
  readonly intervalSeconds: number;
  readonly rules: readonly GrafanaAlertRule[];
}

/** Contact point name: every Grafana-managed alert goes to the stack's Alertmanager, which routes it. */
export const ALERTMANAGER_CONTACT_POINT = "llmobs-alertmanager";
const EXPRESSIONS = "__expr__";

/** A stable rule uid (Grafana allows at most 40 characters): the alert name's hash, so a rename is a new rule. */
const ruleUid = (alert: string) => `llmobs-${createHash("sha256").update(alert).digest("hex").slice(0, 24)}`;

/**
 * Prometheus' `$value` is the expression's value; in a Grafana rule that value is step B's. Everything else in the
 * templates (`$labels`, humanize functions) means the same in both.
 */
export function grafanaTemplate(text: string): string {
  return text.replace(/\$value\b/g, "$values.B.Value");
}

interface PromRule { alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }

/**
 * The stack's alerting rules, exactly as Prometheus loads them (same expression with its thresholds, same `for:`,
 * labels and annotations), as Grafana-managed rule groups: A runs the PromQL instantly, B takes each series' last
 * value, C fires for every series that has one, as Prometheus fires for every series the expression returns.
 */
export function grafanaRuleGroups(config: StackConfig): GrafanaRuleGroup[] {
  return Object.values(prometheusRuleSpecs(config)).flatMap((doc) => doc.groups.flatMap((g): GrafanaRuleGroup[] => {
    const alerts = (g.rules as unknown as PromRule[]).filter((r) => r.alert !== undefined);
    if (alerts.length === 0) return [];
    // A group with an interval of its own (prometheus.windowedRulesInterval) keeps it in Grafana too.
    const intervalSeconds = durationSeconds(g.interval ?? config.prometheus.evaluationInterval);
    return [{
      name: g.name,
      intervalSeconds,
      rules: alerts.map((r) => ({
        uid: ruleUid(r.alert!),
        title: r.alert!,
        condition: "C",
        data: [
          {
            refId: "A", datasourceUid: DATASOURCE_UIDS.prometheus, relativeTimeRange: { from: 600, to: 0 },
            model: { refId: "A", expr: r.expr, instant: true, range: false, intervalMs: intervalSeconds * 1000 },
          },
          {
            refId: "B", datasourceUid: EXPRESSIONS, relativeTimeRange: { from: 0, to: 0 },
            model: { refId: "B", type: "reduce", expression: "A", reducer: "last", settings: { mode: "dropNN" } },
          },
          {
            // NaN is the only value not equal to itself: every series with a number fires.
            refId: "C", datasourceUid: EXPRESSIONS, relativeTimeRange: { from: 0, to: 0 },
            model: { refId: "C", type: "math", expression: "$B == $B" },
          },
        ],
        for: r.for ?? "0s",
        labels: r.labels ?? {},
        annotations: Object.fromEntries(Object.entries(r.annotations ?? {}).map(([k, v]) => [k, grafanaTemplate(v)])),
        // No series is "not firing" for Prometheus too; an evaluation error is surfaced rather than hidden.
        noDataState: "OK",
        execErrState: "Error",
      })),
    }];
  }));
}

/** The notification policy: grouped as Alertmanager's root route groups, handed to the stack's Alertmanager. */
export function grafanaNotificationPolicy(config: StackConfig) {
  const a = config.alertmanager;
  return { receiver: ALERTMANAGER_CONTACT_POINT, group_by: [...ALERTMANAGER_GROUP_BY], group_wait: a.groupWait, group_interval: a.groupInterval, repeat_interval: a.repeatInterval };
}

/**
 * `provisioning/alerting/alerting.yaml`: the rule groups in the dashboards' folder, one contact point (the stack's
 * Alertmanager, so its routing to Slack / PagerDuty / e-mail applies unchanged and no receiver credential is copied
 * into Grafana), and the root notification policy.
 */
export function renderAlertingProvisioning(config: StackConfig, alertmanagerUrl: string = SERVICE_URLS.alertmanager): string {
  return stringify({
    apiVersion: 1,
    groups: grafanaRuleGroups(config).map((g) => ({ orgId: 1, name: g.name, folder: config.grafana.folder, interval: `${g.intervalSeconds}s`, rules: g.rules })),
    contactPoints: [{
      orgId: 1, name: ALERTMANAGER_CONTACT_POINT,
      receivers: [{ uid: ALERTMANAGER_CONTACT_POINT, type: "prometheus-alertmanager", settings: { url: alertmanagerUrl } }],
    }],
    policies: [{ orgId: 1, ...grafanaNotificationPolicy(config) }],
  }, { lineWidth: 0, aliasDuplicateObjects: false });
}
