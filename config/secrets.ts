import type { StackConfig } from "./schema";

interface SecretDef {
  /** What the value is. */
  readonly description: string;
  /** When a stack must set it, in words (for errors and the configuration reference). */
  readonly requiredWhen: string;
  readonly required: (c: StackConfig) => boolean;
  /** When a stack should set it although it is not a config error to leave it out. Defaults to never. */
  readonly recommended?: (c: StackConfig) => boolean;
  /** The value argument of `pulumi config set --secret` in the README's setup steps, e.g. a command that makes one. */
  readonly example: string;
}

/**
 * Secret config keys (`pulumi config set --secret llmobs:<key>`). They are kept apart from the plain config so
 * that rendered configs reference files/Secrets and never hold a credential.
 */
export const SECRETS = {
  slackWebhookUrl: {
    description: "Slack incoming-webhook URL of the Slack receiver.",
    requiredWhen: "alertmanager.receivers.slack is set",
    required: (c) => c.alertmanager.receivers.slack !== undefined,
    example: `'https://hooks.slack.com/services/<T...>/<B...>/<token>'`,
  },
  pagerdutyServiceKey: {
    description: "PagerDuty Events API v1 integration key (service_key).",
    requiredWhen: "alertmanager.receivers.pagerduty is set",
    required: (c) => c.alertmanager.receivers.pagerduty !== undefined,
    example: `'<32-character integration key>'`,
  },
  smtpPassword: {
    description: "Password of the SMTP user of the e-mail receiver.",
    requiredWhen: "alertmanager.receivers.email.authUsername is set",
    required: (c) => c.alertmanager.receivers.email?.authUsername !== undefined,
    example: `'<SMTP password>'`,
  },
  webhookUrl: {
    description: "URL the webhook receiver posts to (it often embeds a token).",
    requiredWhen: "alertmanager.receivers.webhook is set",
    required: (c) => c.alertmanager.receivers.webhook !== undefined,
    example: `'https://<receiver>/<path with token>'`,
  },
  remoteWritePassword: {
    description: "Basic-auth password for the remote_write endpoints.",
    requiredWhen: "a prometheus.remoteWrite entry has basicAuthUsername",
    required: (c) => c.prometheus.remoteWrite.some((w) => w.basicAuthUsername !== undefined),
    example: `'<remote_write password>'`,
  },
  targetBasicAuthPassword: {
    description: "Basic-auth password Prometheus uses for the LLM targets.",
    requiredWhen: "prometheus.targetAuth.basicAuthUsername is set",
    required: (c) => c.prometheus.targetAuth.basicAuthUsername !== undefined,
    example: `'<password of the LLM targets /metrics>'`,
  },
  targetTlsCa: {
    description: "PEM CA bundle that verifies the LLM targets' TLS certificates.",
    requiredWhen: "prometheus.targetAuth.tls is set",
    required: (c) => c.prometheus.targetAuth.tls !== undefined,
    example: `"$(cat ca.pem)"`,
  },
  targetTlsCert: {
    description: "PEM client certificate Prometheus presents to the LLM targets.",
    requiredWhen: "prometheus.targetAuth.tls.mutual is true",
    required: (c) => c.prometheus.targetAuth.tls?.mutual === true,
    example: `"$(cat client.pem)"`,
  },
  targetTlsKey: {
    description: "PEM private key of the client certificate.",
    requiredWhen: "prometheus.targetAuth.tls.mutual is true",
    required: (c) => c.prometheus.targetAuth.tls?.mutual === true,
    example: `"$(cat client-key.pem)"`,
  },
  exporterApiToken: {
    description: "Bearer token clients must send to the exporter's /v1/* proxy.",
    requiredWhen: "exporter.proxyAuth is true",
    required: (c) => c.exporter.enabled && c.exporter.proxyAuth,
    example: `"$(openssl rand -hex 32)"`,
  },
  exporterMetricsPassword: {
    description: "Basic-auth password (user `prometheus`) of the exporter's /metrics.",
    requiredWhen: "exporter.metricsAuth is true",
    required: (c) => c.exporter.enabled && c.exporter.metricsAuth,
    example: `"$(openssl rand -hex 24)"`,
  },
  grafanaAdminPassword: {
    description: "Admin password of the Grafana the stack deploys.",
    requiredWhen: "grafana.mode is deploy (reported by the policy pack rather than the config loader)",
    // Without it Grafana still starts, so this is a guardrail for the policy pack, not a config error.
    required: () => false,
    recommended: (c) => c.grafana.enabled && c.grafana.mode === "deploy",
    example: `"$(openssl rand -base64 24)"`,
  },
  grafanaApiToken: {
    description: "Service-account token the Grafana provider uses on an existing Grafana.",
    requiredWhen: "grafana.enabled is true and grafana.mode is external",
    required: (c) => c.grafana.enabled && c.grafana.mode === "external",
    example: `'<service-account token of the Grafana>'`,
  },
} as const satisfies Record<string, SecretDef>;

export type SecretKey = keyof typeof SECRETS;
export const SECRET_KEYS = Object.keys(SECRETS) as SecretKey[];

/** Which secret keys the config needs, and why (`[key, requiredWhen]`). */
export function requiredSecrets(c: StackConfig): [SecretKey, string][] {
  return SECRET_KEYS.filter((k) => SECRETS[k].required(c)).map((k) => [k, SECRETS[k].requiredWhen]);
}

/** Every secret a stack should set: the required ones and the recommended ones (what the README's deploy steps set). */
export function secretsToSet(c: StackConfig): SecretKey[] {
  return SECRET_KEYS.filter((k) => {
    const def: SecretDef = SECRETS[k];
    return def.required(c) || def.recommended?.(c) === true;
  });
}
