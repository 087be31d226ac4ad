import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import { INHIBIT_EQUAL_LABELS } from "../../alerts";
import { ENVIRONMENTS, loadStackConfig, type StackConfig } from "../../config";
import { requireTool } from "../../test/helpers/tools";
import { amtoolCheckConfig, amtoolRoutes } from "./amtool";
import { RECEIVERS, WEBHOOK_URL_PLACEHOLDER } from "./receivers";
import { alertmanagerSecretFileKeys, renderAlertmanagerConfig } from "./render-config";

const SECRETS = {
  slackWebhookUrl: "https://hooks.slack.example/T000/B000/slack-secret-5e1",
  pagerdutyServiceKey: "pd-key-0b7c44",
  smtpPassword: "smtp-pass-a9d2",
  webhookUrl: "https://alerts.example.com/hook?token=webhook-secret-77f",
};

const ALL_RECEIVERS = {
  slack: { channel: "#llm-alerts" },
  pagerduty: { enabled: true },
  email: { to: "oncall@example.com", from: "alerts@example.com", smarthost: "smtp.example.com:587", authUsername: "alerts" },
  webhook: { sendResolved: true },
};

function stack(env: string, receivers?: Record<string, unknown>, timers: Record<string, string> = {}): StackConfig {
  const raw: Record<string, string> = { "llmobs:environment": env, ...Object.fromEntries(Object.entries(SECRETS).map(([k, v]) => [`llmobs:${k}`, v])) };
  if (receivers || Object.keys(timers).length > 0) raw["llmobs:alertmanager"] = JSON.stringify({ ...timers, ...(receivers ? { receivers } : {}) });
  return loadStackConfig(raw).config;
}

/** A directory holding every credential file the config could reference, as the Secret mount would. */
function secretsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "am-secrets-"));
  for (const [key, value] of Object.entries(SECRETS)) writeFileSync(join(dir, key), value);
  return dir;
}

type Receiver = Record<string, Record<string, unknown>[] | string>;
const receiversOf = (text: string): Map<string, Receiver> =>
  new Map((parse(text) as { receivers: Receiver[] }).receivers.map((r) => [r.name as string, r]));

const CASES: [string, StackConfig][] = [
  ...ENVIRONMENTS.map((env): [string, StackConfig] => [`${env} (no receivers)`, stack(env)]),
  ["prod with every receiver", stack("prod", ALL_RECEIVERS)],
  ["staging with Slack only", stack("staging", { slack: ALL_RECEIVERS.slack })],
  ["prod with PagerDuty only", stack("prod", { pagerduty: ALL_RECEIVERS.pagerduty })],
  ["dev with e-mail without auth and a webhook", stack("dev", { email: { ...ALL_RECEIVERS.email, authUsername: undefined }, webhook: { sendResolved: false } })],
];

for (const [name, config] of CASES) {
  describe(`renderAlertmanagerConfig: ${name}`, () => {
    const dir = secretsDir();
    after(() => rmSync(dir, { recursive: true, force: true }));
    const text = renderAlertmanagerConfig(config.alertmanager, { secretsDir: dir });
    const r = config.alertmanager.receivers;

    it("passes amtool check-config", () => {
      requireTool("amtool");
      assert.match(amtoolCheckConfig(text), /SUCCESS/);
    });

    it("routes critical to the paging receiver, warning and unlabelled alerts to Slack's", () => {
      requireTool("amtool");
      assert.deepEqual(amtoolRoutes(text, { alertname: "HighErrorRate", severity: "critical", cluster: config.cluster }), [RECEIVERS.critical]);
      assert.deepEqual(amtoolRoutes(text, { alertname: "HighErrorRate", severity: "warning" }), [RECEIVERS.warning]);
      assert.deepEqual(amtoolRoutes(text, { alertname: "Watchdog" }), [RECEIVERS.default]);
      assert.deepEqual(amtoolRoutes(text, { alertname: "Watchdog", severity: "info" }), [RECEIVERS.default]);
    });

    it("gives each receiver exactly the enabled channels", () => {
      const rs = receiversOf(text);
      const channels = (n: string) => Object.keys(rs.get(n)!).filter((k) => k !== "name").sort();
      const hook = r.webhook ? ["webhook_configs"] : [];
      const slack = r.slack ? ["slack_configs"] : [];
      const paging = [...(r.email ? ["email_configs"] : []), ...(r.pagerduty ? ["pagerduty_configs"] : [])];
      assert.deepEqual(channels(RECEIVERS.default), [...slack, ...hook].sort());
      assert.deepEqual(channels(RECEIVERS.warning), [...slack, ...hook].sort());
      assert.deepEqual(channels(RECEIVERS.critical), [...(paging.length > 0 ? paging : slack), ...hook].sort());
    });

    it("references credential files in the secrets directory and never holds a credential", () => {
      for (const value of Object.values(SECRETS)) assert.ok(!text.includes(value), `credential leaked: ${value}`);
      const files = [...text.matchAll(/_file: (\S+)/g)].map((m) => m[1]!);
      assert.ok(files.every((f) => f.startsWith(`${dir}/`)), "every credential file is in the secrets directory");
      assert.deepEqual([...new Set(files)].map((f) => f.slice(dir.length + 1)).sort(), [...alertmanagerSecretFileKeys(config.alertmanager)].sort());
    });

    it("groups and times notifications as configured, and inhibits a warning by its critical twin", () => {
      const doc = parse(text) as Record<string, any>;
      assert.deepEqual(doc.route.group_by, ["alertname", "cluster", "service"]);
      assert.equal(doc.route.group_wait, config.alertmanager.groupWait);
      assert.equal(doc.route.group_interval, config.alertmanager.groupInterval);
      assert.equal(doc.route.repeat_interval, config.alertmanager.repeatInterval);
      assert.equal(doc.route.routes[0].continue, true);
      assert.deepEqual(doc.inhibit_rules[0], {
        source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ["alertname", "cluster", "service", "model_id"],
      });
      assert.deepEqual(doc.inhibit_rules[1].equal, [...INHIBIT_EQUAL_LABELS]);
    });

    it("is deterministic", () => assert.equal(renderAlertmanagerConfig(config.alertmanager, { secretsDir: dir }), text));
  });
}

describe("renderAlertmanagerConfig: webhook URL", () => {
  const config = stack("prod", ALL_RECEIVERS).alertmanager;

  it("writes a placeholder in the reviewable copy", () => {
    const text = renderAlertmanagerConfig(config);
    assert.ok(text.includes(WEBHOOK_URL_PLACEHOLDER));
    assert.ok(!text.includes(SECRETS.webhookUrl));
  });

  it("writes the real URL only in the deployed copy, which amtool accepts", () => {
    requireTool("amtool");
    const deployed = renderAlertmanagerConfig(config, { webhookUrl: SECRETS.webhookUrl });
    assert.match(amtoolCheckConfig(deployed), /SUCCESS/);
    const hooks = [...receiversOf(deployed).values()].map((r) => (r.webhook_configs as Record<string, unknown>[])[0]!.url);
    assert.deepEqual(hooks, [SECRETS.webhookUrl, SECRETS.webhookUrl, SECRETS.webhookUrl]);
  });
});

describe("renderAlertmanagerConfig: timers", () => {
  it("takes group_wait, group_interval and repeat_interval from the config", () => {
    const config = stack("dev", undefined, { groupWait: "30s", groupInterval: "5m", repeatInterval: "4h" });
    const doc = parse(renderAlertmanagerConfig(config.alertmanager)) as Record<string, any>;
    assert.deepEqual([doc.route.group_wait, doc.route.group_interval, doc.route.repeat_interval], ["30s", "5m", "4h"]);
  });
});
