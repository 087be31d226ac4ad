import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { ENVIRONMENTS, environmentDefaults } from "../../config";
import { LOG_RETENTION_POLICY, logIlmPolicy, logIndexTemplate, retentionFiles, retentionScript } from "./retention";

const run = promisify(execFile);

interface Seen {
  method: string;
  url: string;
  auth: string;
  body: string;
}

/** A stand-in for the Elasticsearch HTTP API on loopback: unhealthy for the first `unhealthy` health checks, records every call. */
async function fakeElasticsearch(unhealthy: number) {
  const seen: Seen[] = [];
  let healthChecks = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, auth: Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString(), body });
      if (req.url!.startsWith("/_cluster/health") && healthChecks++ < unhealthy) return void res.writeHead(503).end("{}");
      res.writeHead(200, { "content-type": "application/json" }).end('{"acknowledged":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("log retention", () => {
  for (const env of ENVIRONMENTS) {
    it(`${env}: the ILM policy deletes indices after the environment's retentionDays`, () => {
      const days = environmentDefaults(env).logging.elasticsearch.retentionDays;
      const phases = (logIlmPolicy(days).policy as { phases: Record<string, { min_age: string; actions: Record<string, unknown> }> }).phases;
      assert.equal(phases.delete?.min_age, `${days}d`);
      assert.deepEqual(phases.delete?.actions, { delete: {} });
    });
  }

  it("the index template attaches the policy to the daily log indices, with replicas the cluster can place", () => {
    const one = logIndexTemplate(1) as { index_patterns: string[]; template: { settings: Record<string, unknown> } };
    assert.deepEqual(one.index_patterns, ["llmobs-logs-*"]);
    assert.equal(one.template.settings["index.lifecycle.name"], LOG_RETENTION_POLICY);
    assert.equal(one.template.settings["index.number_of_replicas"], 0);
    assert.equal((logIndexTemplate(3) as typeof one).template.settings["index.number_of_replicas"], 1);
  });

  it("the script waits for the cluster, then applies policy and template idempotently with the elastic password", async () => {
    const es = await fakeElasticsearch(2);
    const dir = mkdtempSync(join(tmpdir(), "llmobs-retention-"));
    try {
      const files = retentionFiles(14, 3, true);
      for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
      const script = join(dir, "run.sh");
      writeFileSync(script, retentionScript({ kibana: true, elasticsearchUrl: es.url, dir }).replace("sleep 10", "sleep 0.1"));
      const env = { PATH: process.env.PATH, ELASTIC_PASSWORD: "pw-1", KIBANA_SYSTEM_PASSWORD: 'ki"ba\\na' };
      for (let i = 0; i < 2; i++) await run("bash", [script], { env });
      const writes = es.seen.filter((s) => s.method !== "GET");
      // Twice the same three requests: running the Job again changes nothing.
      const once = [`PUT /_ilm/policy/${LOG_RETENTION_POLICY}`, `PUT /_index_template/${LOG_RETENTION_POLICY}`, "POST /_security/user/kibana_system/_password"];
      assert.deepEqual(writes.map((w) => `${w.method} ${w.url}`), [...once, ...once]);
      assert.deepEqual(JSON.parse(writes[0]!.body), logIlmPolicy(14));
      assert.deepEqual(JSON.parse(writes[1]!.body), logIndexTemplate(3));
      assert.deepEqual(JSON.parse(writes[2]!.body), { password: 'ki"ba\\na' }, "the password is JSON-escaped");
      assert.ok(es.seen.every((s) => s.auth === "elastic:pw-1"));
      assert.ok(es.seen.filter((s) => s.url.startsWith("/_cluster/health")).length >= 3, "waited for a healthy cluster");
    } finally {
      await es.close();
    }
  });
});
