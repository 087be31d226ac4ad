import { stringify } from "yaml";
import { INHIBIT_EQUAL_LABELS } from "../../alerts";
import type { AlertmanagerConfig, SecretKey } from "../../config";
import { ALERTMANAGER_SECRETS_DIR } from "./names";
import { RECEIVERS, WEBHOOK_URL_PLACEHOLDER, receivers } from "./receivers";

/** Where the rendered config finds its credentials. */
export interface AlertmanagerRenderOptions {
  /** Directory of the credential files, one per secret key. Defaults to `/etc/alertmanager/secrets`. */
  secretsDir?: string;
  /**
   * The webhook receiver's URL, written inline (see WEBHOOK_URL_PLACEHOLDER for why). Pass it only for the copy
   * that goes into a Secret. Defaults to the placeholder.
   */
  webhookUrl?: string;
}

/** Labels alerts are grouped by, and that a critical alert must share with a warning to silence it. */
export const GROUP_BY = ["alertname", "cluster", "service"];

/** alertmanager.yml for the stack (seed 003's routing). Pure and deterministic; holds no credential by default. */
export function renderAlertmanagerConfig(config: AlertmanagerConfig, options: AlertmanagerRenderOptions = {}): string {
  const secretsDir = options.secretsDir ?? ALERTMANAGER_SECRETS_DIR;
  const doc = {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: RECEIVERS.default,
      group_by: GROUP_BY,
      group_wait: config.groupWait,
      group_interval: config.groupInterval,
      repeat_interval: config.repeatInterval,
      routes: [
        { receiver: RECEIVERS.critical, matchers: ['severity="critical"'], continue: true },
        { receiver: RECEIVERS.warning, matchers: ['severity="warning"'] },
      ],
    },
    receivers: receivers(config.receivers, secretsDir, options.webhookUrl ?? WEBHOOK_URL_PLACEHOLDER),
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        // model_id too: a critical alert about one model must not hide a warning about another.
        equal: [...GROUP_BY, "model_id"],
      },
      {
        // Seed 000 names its pairs differently (HighErrorRate / CriticalErrorRate); the rules give both the same
        // `signal`. Alertmanager treats a label missing on both sides as equal, so the rule only applies to alerts
        // that carry one: two unrelated alerts without it must not silence each other.
        source_matchers: ['severity="critical"', 'signal=~".+"'],
        target_matchers: ['severity="warning"', 'signal=~".+"'],
        equal: [...INHIBIT_EQUAL_LABELS],
      },
    ],
  };
  return stringify(doc, { lineWidth: 0 });
}

/** The secret keys the config reads from files in `secretsDir` (the webhook URL is inline, not a file). */
export function alertmanagerSecretFileKeys(config: AlertmanagerConfig): SecretKey[] {
  const r = config.receivers;
  const keys: SecretKey[] = [];
  if (r.slack) keys.push("slackWebhookUrl");
  if (r.pagerduty) keys.push("pagerdutyServiceKey");
  if (r.email?.authUsername !== undefined) keys.push("smtpPassword");
  return keys;
}
