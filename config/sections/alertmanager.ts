import { z } from "zod";
import { duration, hostPort, pattern, resources, storage } from "./common";

/**
 * Receivers. Credentials never live here: each enabled receiver reads its secret from a dedicated Pulumi
 * secret key (see SECRETS in ../secrets.ts), which reaches the pod only through a Kubernetes Secret.
 */
export const receivers = z.strictObject({
  slack: z.strictObject({
    channel: pattern(/^[#@][^\s]+$/, "a Slack channel like #llm-alerts or @user").describe("Channel for warnings and the default route, e.g. `#llm-alerts`."),
  }).optional().describe("Slack receiver (warnings and the default route); needs the secret llmobs:slackWebhookUrl."),
  pagerduty: z.strictObject({
    enabled: z.literal(true).describe("Always true; present to switch paging on."),
  }).optional().describe("PagerDuty receiver (critical alerts page); needs the secret llmobs:pagerdutyServiceKey."),
  email: z.strictObject({
    to: z.email().describe("Recipient of critical alerts."),
    from: z.email().describe("Sender address."),
    smarthost: hostPort.describe("SMTP relay as host:port."),
    authUsername: z.string().min(1).optional().describe("SMTP user; the password is the secret llmobs:smtpPassword."),
    requireTls: z.boolean().default(true).describe("Require STARTTLS to the relay."),
  }).optional().describe("E-mail receiver (critical alerts, alongside PagerDuty)."),
  webhook: z.strictObject({
    sendResolved: z.boolean().default(true).describe("Also send resolved notifications."),
  }).optional().describe("Generic webhook receiver; the URL is the secret llmobs:webhookUrl."),
});

export const alertmanagerConfig = z.strictObject({
  replicas: z.number().int().min(1).max(7).describe("Alertmanager instances; 3 in prod form a gossip cluster that deduplicates notifications."),
  resources: resources.describe("CPU and memory of each Alertmanager container."),
  storage: storage.describe("Volume for silences and the notification log."),
  groupWait: duration.describe("Wait before the first notification of a new group (seed 003: 10s)."),
  groupInterval: duration.describe("Wait before notifying about new alerts in an existing group (seed 003: 10s)."),
  repeatInterval: duration.describe("Wait before re-sending a still-firing notification (seed 003: 1h); at least groupInterval."),
  receivers: receivers.describe("Where notifications go; critical -> PagerDuty + e-mail, warning and default -> Slack."),
});
export type AlertmanagerConfig = z.infer<typeof alertmanagerConfig>;
