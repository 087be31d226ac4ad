import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LLM_METRICS } from "../../catalog";
import { environmentDefaults, loadStackConfig } from "../../config";
import { requireTool } from "../../test/helpers/tools";
import { startLocalServer, waitFor, type LocalServer } from "./local-server";
import { renderPrometheusConfig } from "./render-config";
import { prometheusArgs } from "./server-args";

/**
 * The rendered local prometheus.yml and the server flags in a real Prometheus (the Debian 2.42 server), scraping
 * a fake target on 127.0.0.1: limits, label dropping, rule files and external labels as the server applies them.
 */

const REQUESTS = LLM_METRICS.requestsTotal.name;
const MODEL_MEMORY = LLM_METRICS.modelMemoryMb.name;
const SAMPLE_LIMIT = 10;

let target: Server;
let prometheus: LocalServer | undefined;
let api = "";

function startTarget(): Promise<number> {
  const pages: Record<string, string> = {
    "/metrics": `# TYPE ${REQUESTS} counter\n${REQUESTS}{model_id="llama-8b",request_id="req-81f2"} 7\n`,
    "/many": Array.from({ length: SAMPLE_LIMIT * 2 }, (_, i) => `${MODEL_MEMORY}{model_id="m${i}"} ${i}`).join("\n") + "\n",
  };
  target = createServer((req, res) => res.end(pages[req.url ?? ""] ?? ""));
  return new Promise((ok) => target.listen(0, "127.0.0.1", () => ok((target.address() as AddressInfo).port)));
}

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
  // The server logs "Listening on" before its TSDB is open; until then queries answer 503, and the callers poll.
  if (res.status === 503) return [];
  return ((await res.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
}

describe("rendered prometheus.yml in a real Prometheus", () => {
  const dir = mkdtempSync(join(tmpdir(), "prom-e2e-"));

  before(async () => {
    const binary = requireTool("prometheus");
    const port = await startTarget();
    const limits = { ...environmentDefaults("local").prometheus.scrapeLimits, sampleLimit: SAMPLE_LIMIT };
    const config = loadStackConfig({
      "llmobs:environment": "local",
      "llmobs:prometheus": JSON.stringify({ scrapeInterval: "1s", scrapeTimeout: "1s", evaluationInterval: "1s", scrapeLimits: limits }),
    }).config;
    const text = renderPrometheusConfig({
      config,
      ruleFileNames: ["llm.yml"],
      scrapeTargets: [
        { job: "llm-exporter", endpoint: { host: "llm-exporter", port: 9464 } },
        { job: "too-many", endpoint: { host: "too-many", port: 1 }, metricsPath: "/many" },
      ],
      dockerAddress: () => `127.0.0.1:${port}`,
    });
    mkdirSync(join(dir, "rules"));
    writeFileSync(join(dir, "prometheus.yml"), text);
    writeFileSync(join(dir, "rules", "llm.yml"), `groups:\n  - name: e2e\n    rules:\n      - record: job:${REQUESTS}:sum\n        expr: sum by (job) (${REQUESTS})\n`);
    const local: Record<string, string> = { "--config.file": join(dir, "prometheus.yml"), "--storage.tsdb.path": join(dir, "data") };
    const args = prometheusArgs(config.prometheus).map((a) => {
      const flag = a.split("=")[0]!;
      return flag in local ? `${flag}=${local[flag]}` : a;
    });
    prometheus = await startLocalServer(binary, [...args, "--web.listen-address=127.0.0.1:0"]);
    api = prometheus.url;
  });

  after(async () => {
    await prometheus?.stop();
    target?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails a scrape over sample_limit and keeps the others", async () => {
    const up = await waitFor("every job scraped", async () => {
      const r = await query("up");
      return r.length === 4 ? new Map(r.map((s) => [s.metric.job, s.value[1]])) : undefined;
    });
    assert.deepEqual(Object.fromEntries(up), { prometheus: "1", alertmanager: "1", "llm-exporter": "1", "too-many": "0" });
  });

  it("drops unbounded labels at ingestion and keeps the bounded ones", async () => {
    const series = await waitFor("the exporter's series", async () => {
      const r = await query(`${REQUESTS}{job="llm-exporter"}`);
      return r.length > 0 ? r : undefined;
    });
    assert.deepEqual(series.map((s) => s.metric), [{ __name__: REQUESTS, instance: series[0]!.metric.instance!, job: "llm-exporter", model_id: "llama-8b" }]);
  });

  it("evaluates the rule files prometheus.yml points at", async () => {
    const recorded = await waitFor("the recording rule", async () => {
      const r = await query(`job:${REQUESTS}:sum{job="llm-exporter"}`);
      return r.length > 0 ? r : undefined;
    });
    assert.equal(recorded[0]!.value[1], "7");
  });

  it("labels what leaves it with the cluster", async () => {
    const res = await fetch(`${api}/federate?match[]=${encodeURIComponent(`{job="llm-exporter"}`)}`);
    assert.match(await res.text(), new RegExp(`${REQUESTS}\\{[^}]*cluster="local"`));
  });
});
