import { prometheusApi } from "../bench/scale/probe";
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { ALL_METRICS, EXPORTER_EXTRA_METRICS, LLM_METRICS, type MetricDef } from "../catalog";
import { durationSeconds } from "../config";
import { dashboardQueries, dashboards, substituteVariables, type DashboardQuery } from "../dashboards";
import { usedVariables } from "../dashboards/inspect";
import { requireTool } from "./helpers/tools";
import { startLocalStack } from "../demo/stack";
import { startWorkload, type Workload } from "../demo/workload";
import { syntheticOpenMetrics } from "./helpers/synthetic-series";

const run = promisify(execFile);

/**
 * Exporter metrics this machine cannot produce for real, and why; they are backfilled like the third-party
 * sources. Every other exporter metric must come from the running exporter.
 */
const EXPORTER_METRICS_NOT_HERE: Record<string, string> = {
  llm_model_memory_mb: "only Ollama's /api/ps reports memory per model; the simulated backends are vLLM",
};

/** The exporter's latency histograms, whose buckets carry trace-id exemplars. */
const EXPORTER_HISTOGRAMS = [LLM_METRICS.firstTokenLatencyMs.name, LLM_METRICS.perTokenLatencyMs.name, LLM_METRICS.durationMs.name];

const LLM_METRICS_SCRAPE_ERRORS = EXPORTER_EXTRA_METRICS.adapterScrapeErrorsTotal.name;

/** Sources that cannot run here: the seeds' applications, DCGM, node and PostgreSQL exporters. */
const synthetic = (m: MetricDef) => (m.source !== "exporter" && m.source !== "prometheus") || m.name in EXPORTER_METRICS_NOT_HERE;

/** Range the panels are queried over, and the step (Grafana's for a 10-minute panel about 1,000 px wide). */
const RANGE_S = 600;
const STEP_S = 15;

interface Expanded { q: DashboardQuery; expr: string; vars: string }


// End to end with real servers on loopback: the local stack's Prometheus (rendered config and rules) scrapes the
// exporter in front of two simulated vLLM backends under a short workload; synthetic series for the sources that
// cannot run here are backfilled into the same TSDB before Prometheus starts. Then every query of every dashboard,
// with each value of its variables, must return data.
test("every panel, variable and annotation of every dashboard returns data from a real Prometheus", { timeout: 240_000 }, async () => {
  requireTool("promtool");
  const nowS = Math.floor(Date.now() / 1000);
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  let workload: Workload | undefined;
  // A stand-in for Jaeger's OTLP/HTTP receiver: the exporter traces every request, so its latency buckets carry
  // trace-id exemplars.
  let spans = 0;
  const otlp = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      spans++;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => otlp.listen(0, "127.0.0.1", () => r()));
  try {
    stack = await startLocalStack({
      backends: [{ upstream: "vllm-a", model: "llama-3-8b" }, { upstream: "vllm-b", model: "mistral-7b" }],
      // Some upstream failures, so the error panels have series of their own.
      simulator: { ttftMs: 20, tpotMs: 2, jitterMs: 5, completionTokens: 8, errorRate: 0.1 },
      prepareTsdb: async (tsdb, config) => {
        const file = join(tsdb, "..", "synthetic.om");
        // Up to now and no further: Prometheus refuses scraped samples older than the newest block's end.
        writeFileSync(file, syntheticOpenMetrics(ALL_METRICS.filter(synthetic), nowS - 2 * RANGE_S, nowS, durationSeconds(config.prometheus.scrapeInterval)));
        await run("promtool", ["tsdb", "create-blocks-from", "openmetrics", "--quiet", file, tsdb]);
      },
      nvidiaSmiPath: fakeNvidiaSmi(),
      otlpEndpoint: `http://127.0.0.1:${(otlp.address() as AddressInfo).port}`,
    });
    const { prometheusUrl, config } = stack;
    // One backend down for a while: its native /metrics scrape fails (llm_backend_scrape_errors_total), as does
    // its health probe. It comes back once the exporter has counted a scrape error.
    await stack.setBackendUp("vllm-b", false);
    workload = startWorkload({ baseUrl: `${stack.exporter.url}/v1`, models: ["llama-3-8b", "mistral-7b"], concurrency: 2 });

    // Grafana's $__rate_interval: max(step + scrape interval, 4 x scrape interval).
    const scrape = durationSeconds(config.prometheus.scrapeInterval);
    const builtins = { rateInterval: `${Math.max(STEP_S + scrape, 4 * scrape)}s`, interval: `${STEP_S}s`, rangeSeconds: RANGE_S };
    const all = dashboards(config);
    const queries = all.flatMap(dashboardQueries);

    // Variable values as Grafana lists them: label_values(<selector>, <label>) over the series Prometheus has.
    const valuesOf = async (q: DashboardQuery, label: string, known: Record<string, string>) => {
      const selector = substituteVariables(q.expr, known, builtins);
      return prometheusApi<string[]>(prometheusUrl, `/api/v1/label/${label}/values`, { "match[]": selector });
    };
    const expanded: Expanded[] = [];
    for (const d of all) {
      const dq = dashboardQueries(d);
      const variables = dq.filter((q) => q.kind === "variable");
      const values: Record<string, string[]> = {};
      for (const v of variables) {
        const name = v.source.replace(/^variable /, "");
        const label = name === "model" ? "model" : name;
        values[name] = await valuesOf(v, label, { model: ".*", mode: ".*" });
        assert.ok(values[name]!.length > 0, `${d.title} / variable ${name}: label_values(${v.expr}, ${label}) returned nothing`);
      }
      for (const q of dq.filter((x) => x.kind !== "variable")) {
        const used = usedVariables(q.expr).filter((n) => n !== "datasource");
        const all = Object.fromEntries(used.map((n) => [n, ".*"]));
        // All values, then each value of each variable on its own (the others at All).
        const combos: Record<string, string>[] = [all, ...used.flatMap((n) => values[n]!.map((v) => ({ ...all, [n]: v })))];
        for (const c of combos) expanded.push({ q, expr: substituteVariables(q.expr, c, builtins), vars: JSON.stringify(c) });
      }
    }
    assert.ok(expanded.length > queries.length);

    // Poll until every query has data; the bound only keeps a broken run from hanging.
    let pending = expanded;
    for (let round = 0; round < 60 && pending.length > 0; round++) {
      const end = Date.now() / 1000;
      const empty: Expanded[] = [];
      for (const e of pending) {
        const { result } = e.q.instant
          ? await prometheusApi<{ result: unknown[] }>(prometheusUrl, "/api/v1/query", { query: e.expr, time: String(end) })
          : await prometheusApi<{ result: unknown[] }>(prometheusUrl, "/api/v1/query_range", { query: e.expr, start: String(end - RANGE_S), end: String(end), step: String(STEP_S) });
        if (result.length === 0) empty.push(e);
      }
      pending = empty;
      if (!pending.some((e) => e.expr.includes(LLM_METRICS_SCRAPE_ERRORS))) await stack.setBackendUp("vllm-b", true);
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 2000));
    }
    await workload.stop();
    assert.ok(workload.stats().some((s) => s.ok > 0), "the workload got answers");
    assert.deepEqual(
      pending.map((e) => `${e.q.dashboard} / ${e.q.source} ${e.vars}: ${e.expr}`),
      [],
      "panels without data (dashboard / panel {variables}: query)",
    );

    // Latency panels over the exporter's histograms link to traces: Prometheus holds trace-id exemplars for them.
    const exemplarTargets = all.flatMap((d) => (d.panels ?? []).flatMap((p) => ((p as { targets?: { expr: string; exemplar?: boolean }[] }).targets ?? [])
      .filter((t) => t.exemplar && EXPORTER_HISTOGRAMS.some((h) => t.expr.includes(`${h}_bucket`)))
      .map((t) => ({ where: `${d.title} / ${(p as { title?: string }).title}`, expr: substituteVariables(t.expr, {}, builtins) }))));
    assert.ok(exemplarTargets.length >= 3);
    for (const t of exemplarTargets) {
      const end = Date.now() / 1000;
      const result = await prometheusApi<{ exemplars: { labels: Record<string, string> }[] }[]>(prometheusUrl, "/api/v1/query_exemplars", { query: t.expr, start: String(end - RANGE_S), end: String(end) });
      const traceIds = result.flatMap((r) => r.exemplars.map((e) => e.labels.trace_id));
      assert.ok(traceIds.length > 0 && traceIds.every((id) => /^[0-9a-f]{32}$/.test(id ?? "")), `${t.where}: no trace-id exemplars for ${t.expr}`);
    }
    assert.ok(spans > 0, "the exporter sent its spans to the OTLP endpoint");
  } finally {
    await workload?.stop();
    await stack?.close();
    await new Promise((r) => otlp.close(r));
  }
});

/** An nvidia-smi stand-in printing one GPU, so the exporter's real GPU collector feeds the GPU panels. */
function fakeNvidiaSmi(): string {
  const path = join(require("node:os").tmpdir(), `fake-nvidia-smi-${process.pid}`);
  writeFileSync(path, "#!/bin/sh\n# index, memory.used, memory.total, utilization.gpu, temperature.gpu\necho '0, 30000, 81920, 55, 62'\n");
  chmodSync(path, 0o755);
  process.once("exit", () => rmSync(path, { force: true }));
  return path;
}
