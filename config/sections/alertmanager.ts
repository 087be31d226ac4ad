import { z } from "zod";
import { duration, resources, storage } from "./common";

/**
 * Receivers. Credentials never live here: each enabled receiver reads its secret from a dedicated Pulumi
 * secret key (`llmobs:slackWebhookUrl`, `llmobs:pagerdutyServiceKey`, `llmobs:smtpPassword`,
 * `llmobs:webhookUrl`), which reaches the pod only through a Kubernetes Secret.
 */
export const receivers = z.strictObject({
  slack: z.strictObject({
    /** Channel for warnings and the default route, e.g. `#llm-alerts`. */
    channel: z.string().regex(/^[#@]/, "expected a channel like #llm-alerts"),
  }).optional(),
  pagerduty: z.strictObject({
    /** PagerDuty Events API v1 integration (service_key); critical alerts page. */
    enabled: z.literal(true),
  }).optional(),
  email: z.strictObject({
    to: z.email(), from: z.email(),
    /** host:port of the SMTP relay. */
    smarthost: z.string().regex(/^[A-Za-z0-9.-]+:[0-9]{1,5}$/, "expected host:port"),
    authUsername: z.string().min(1).optional(),
    requireTls: z.boolean().default(true),
  }).optional(),
  webhook: z.strictObject({
    /** Send resolved notifications too. */
    sendResolved: z.boolean().default(true),
  }).optional(),
});

export const alertmanagerConfig = z.strictObject({
  /** 3 in prod: a gossip cluster that deduplicates notifications. */
  replicas: z.number().int().min(1).max(7),
  resources,
  storage,
  groupWait: duration,
  groupInterval: duration,
  repeatInterval: duration,
  receivers,
});
export type AlertmanagerConfig = z.infer<typeof alertmanagerConfig>;
