import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadStackConfig } from "../../config";
import { requireTool } from "../../test/helpers/tools";
import { startLocalServer, waitFor, type LocalServer } from "../prometheus/local-server";
import { RECEIVERS } from "./receivers";
import { renderAlertmanagerConfig } from "./render-config";

/**
 * The rendered config in a real Alertmanager (0.25, the Debian server): routing by severity and the inhibit rule,
 * observed through a webhook receiver on 127.0.0.1. Only the webhook is enabled so nothing leaves the machine.
 */

interface Notification { receiver: string; alerts: { labels: Record<string, string> }[] }

const notifications: Notification[] = [];
let hook: Server;
let alertmanager: LocalServer | undefined;
let api = "";
const dir = mkdtempSync(join(tmpdir(), "am-e2e-"));

function startHook(): Promise<string> {
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      notifications.push(JSON.parse(body) as Notification);
      res.end();
    });
  });
  return new Promise((ok) => hook.listen(0, "127.0.0.1", () => ok(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`)));
}

async function startAlertmanager(config: string): Promise<string> {
  const binary = requireTool("prometheus-alertmanager");
  writeFileSync(join(dir, "alertmanager.yml"), config);
  alertmanager = await startLocalServer(binary, [
    `--config.file=${join(dir, "alertmanager.yml")}`, `--storage.path=${dir}`, "--web.listen-address=127.0.0.1:0", "--cluster.listen-address=",
  ]);
  return alertmanager.url;
}

const labels = { cluster: "dev", service: "llm-exporter", model_id: "llama-8b" };

describe("rendered alertmanager.yml in a real Alertmanager", () => {
  before(async () => {
    const config = loadStackConfig({
      "llmobs:environment": "dev",
      "llmobs:alertmanager": JSON.stringify({ groupWait: "1s", groupInterval: "1s", receivers: { webhook: { sendResolved: false } } }),
      "llmobs:webhookUrl": "http://127.0.0.1/unused",
    }).config;
    const webhookUrl = await startHook();
    api = await startAlertmanager(renderAlertmanagerConfig(config.alertmanager, { webhookUrl }));
    const alerts = [
      { labels: { alertname: "HighErrorRate", severity: "critical", ...labels } },
      { labels: { alertname: "HighErrorRate", severity: "warning", ...labels } },
      { labels: { alertname: "HighErrorRate", severity: "warning", ...labels, model_id: "mistral-7b" } },
      { labels: { alertname: "ModelNotLoaded", ...labels } },
      // Seed 000's pairs differ in name and share a signal; alerts without a signal never inhibit each other.
      { labels: { alertname: "CriticalFirstTokenLatency", severity: "critical", signal: "ttft", ...labels } },
      { labels: { alertname: "HighFirstTokenLatency", severity: "warning", signal: "ttft", ...labels } },
      { labels: { alertname: "DiskAlmostFull", severity: "critical", ...labels } },
      { labels: { alertname: "DiskFilling", severity: "warning", ...labels } },
    ];
    const res = await fetch(`${api}/api/v2/alerts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(alerts) });
    assert.equal(res.status, 200);
  });

  after(async () => {
    await alertmanager?.stop();
    hook?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const delivered = (receiver: string) => notifications.filter((n) => n.receiver === receiver).flatMap((n) => n.alerts.map((a) => a.labels));
  /** Distinct `alertname/model_id` of what a receiver got, once it got at least `count`. */
  const deliveredOnce = (receiver: string, count: number) => {
    const got = [...new Set(delivered(receiver).map((l) => `${l.alertname}/${l.model_id}`))].sort();
    return got.length >= count ? got : undefined;
  };

  it("pages critical alerts and sends unlabelled ones to the default receiver", async () => {
    const critical = await waitFor("the critical notifications", () => deliveredOnce(RECEIVERS.critical, 3));
    assert.deepEqual(critical, ["CriticalFirstTokenLatency/llama-8b", "DiskAlmostFull/llama-8b", "HighErrorRate/llama-8b"]);
    assert.deepEqual(await waitFor("the default notification", () => deliveredOnce(RECEIVERS.default, 1)), ["ModelNotLoaded/llama-8b"]);
  });

  it("inhibits the warning twin of a critical alert (same name or same signal), nothing else", async () => {
    const warnings = await waitFor("the warning notifications", () => deliveredOnce(RECEIVERS.warning, 2));
    assert.deepEqual(warnings, ["DiskFilling/llama-8b", "HighErrorRate/mistral-7b"]);
    const all = (await (await fetch(`${api}/api/v2/alerts`)).json()) as { labels: Record<string, string>; status: { inhibitedBy: string[] } }[];
    const inhibited = all.filter((a) => a.status.inhibitedBy.length > 0).map((a) => `${a.labels.alertname}/${a.labels.model_id}`).sort();
    assert.deepEqual(inhibited, ["HighErrorRate/llama-8b", "HighFirstTokenLatency/llama-8b"]);
  });
});
