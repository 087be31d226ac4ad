import type { AlertmanagerConfig } from "../../config";
import { secretFile } from "../kubernetes/secret-files";

/** Receiver names: the routing tree and the routing tests refer to these. */
export const RECEIVERS = { default: "default", critical: "critical-alerts", warning: "warning-alerts" } as const;

/**
 * Stands in for the webhook URL in the reviewable bundle. Alertmanager 0.25 (the amtool we validate with) has no
 * `url_file` on webhook_configs, so the URL must sit in alertmanager.yml itself: the deployed copy carries it and
 * lives only in a Kubernetes Secret / secret Docker upload; every other copy carries this placeholder.
 */
export const WEBHOOK_URL_PLACEHOLDER = "https://webhook-url.invalid/see-secret-llmobs-webhookUrl";

type Yaml = Record<string, unknown>;
type Receivers = AlertmanagerConfig["receivers"];

const SLACK_TEXT = [
  "{{ range .Alerts }}",
  "*Alert:* {{ .Annotations.summary }}",
  "*Description:* {{ .Annotations.description }}",
  "*Severity:* {{ .Labels.severity }}",
  "*Runbook:* {{ .Annotations.runbook_url }}",
  "{{ end }}",
].join("\n");

const EMAIL_TEXT = [
  "{{ range .Alerts }}",
  "Alert: {{ .Annotations.summary }}",
  "Description: {{ .Annotations.description }}",
  "Runbook: {{ .Annotations.runbook_url }}",
  "{{ end }}",
].join("\n");

function slack(r: Receivers, secretsDir: string, title: string): Yaml[] {
  if (!r.slack) return [];
  return [{
    api_url_file: secretFile(secretsDir, "slackWebhookUrl"), channel: r.slack.channel, send_resolved: true, title, text: SLACK_TEXT,
  }];
}

function pagerduty(r: Receivers, secretsDir: string): Yaml[] {
  if (!r.pagerduty) return [];
  return [{ service_key_file: secretFile(secretsDir, "pagerdutyServiceKey"), description: "{{ .CommonAnnotations.summary }}" }];
}

function email(r: Receivers, secretsDir: string): Yaml[] {
  const e = r.email;
  if (!e) return [];
  const auth = e.authUsername === undefined ? {} : { auth_username: e.authUsername, auth_password_file: secretFile(secretsDir, "smtpPassword") };
  return [{
    to: e.to, from: e.from, smarthost: e.smarthost, ...auth, require_tls: e.requireTls,
    headers: { Subject: "CRITICAL: {{ .CommonLabels.alertname }} ({{ .CommonLabels.cluster }})" }, text: EMAIL_TEXT,
  }];
}

/** Drops empty `*_configs` lists: a receiver with none is Alertmanager's null receiver. */
function receiver(name: string, configs: Record<string, Yaml[]>): Yaml {
  return { name, ...Object.fromEntries(Object.entries(configs).filter(([, list]) => list.length > 0)) };
}

/**
 * The receivers of the routing tree. Critical alerts page (PagerDuty + e-mail); a stack with neither sends them to
 * Slack rather than dropping them. The webhook is part of every receiver, so it sees every alert without a route
 * of its own (a catch-all route would stop unlabelled alerts from reaching the default receiver). A receiver whose
 * channels are all disabled is still defined, as a null receiver, so the routing tree is the same for every stack.
 */
export function receivers(r: Receivers, secretsDir: string, webhookUrl: string): Yaml[] {
  const webhook_configs = r.webhook ? [{ url: webhookUrl, send_resolved: r.webhook.sendResolved }] : [];
  const paging = { pagerduty_configs: pagerduty(r, secretsDir), email_configs: email(r, secretsDir) };
  const pages = paging.pagerduty_configs.length + paging.email_configs.length > 0;
  return [
    receiver(RECEIVERS.default, { slack_configs: slack(r, secretsDir, "LLM observability alert"), webhook_configs }),
    receiver(RECEIVERS.critical, { ...(pages ? paging : { slack_configs: slack(r, secretsDir, "CRITICAL: LLM observability alert") }), webhook_configs }),
    receiver(RECEIVERS.warning, { slack_configs: slack(r, secretsDir, "LLM observability warning"), webhook_configs }),
  ];
}
