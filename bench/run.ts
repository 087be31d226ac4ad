// `npm run bench [-- --quick] [--seconds n]`: the exporter's overhead against a plain nginx reverse proxy, both in
// front of the same simulator, measured in one run. Prints tables and writes .bench/results.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { heyArgs, runHey } from "./hey";
import { chatRequest } from "./load";
import { parseBenchArgs, type BenchOptions } from "./options";
import {
  TARGETS, compareLatency, compareThroughput, latencyTable, table, throughputTable, type LatencyRun, type Mode, type ThroughputRun,
} from "./report";
import { renderCost, scrapeRepeatedly } from "./scrape";
import { summarize } from "./stats";
import { startTargets, stopTargets } from "./targets";
import { runWrk, wrkArgs, wrkScript } from "./wrk";

const MODES: readonly Mode[] = ["unary", "stream"];
/** Fixed-rate loads: 16 workers x 32 req/s = 512 req/s, and one sequential client at 100 req/s. */
const RATE_LOADS = [
  { load: "c16 @512/s", concurrency: 16, ratePerWorker: 32 },
  { load: "c1 @100/s", concurrency: 1, ratePerWorker: 100 },
] as const;
const SATURATION = { load: "c64 max", threads: 2, connections: 64 } as const;
const RENDER_SIZES = [100, 1_000, 10_000] as const;

async function main(o: BenchOptions): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-bench-"));
  const targets = await startTargets(dir);
  const started = new Date().toISOString();
  const latency: LatencyRun[] = [];
  const throughput: ThroughputRun[] = [];
  let scrapeUnderLoad;
  try {
    // Warm every path (JIT, upstream keepalive pools) before anything is measured.
    for (const t of TARGETS) await runWrk(wrkArgs(chatRequest(targets.urls[t], false).url, writeScript(dir, chatRequest(targets.urls[t], false)), 1, 8, 1));

    for (const { load, concurrency, ratePerWorker } of RATE_LOADS) {
      for (const mode of MODES) {
        for (const target of TARGETS) {
          const req = chatRequest(targets.urls[target], mode === "stream");
          // While the exporter serves the main fixed-rate load, Prometheus-like scrapes hit its /metrics.
          const scraper = target === "exporter" && concurrency > 1 && mode === "unary" ? scrapeRepeatedly(`${targets.urls.exporter}/metrics`, 250) : undefined;
          const samples = await runHey(heyArgs(req, concurrency, ratePerWorker, o.seconds));
          if (scraper) scrapeUnderLoad = await scraper.stop();
          const ok = samples.filter((s) => s.status >= 200 && s.status < 300);
          latency.push({ mode, load, target, latency: summarize(ok.map((s) => s.latencyMs)), errors: samples.length - ok.length });
          process.stderr.write(`. ${mode} ${load} ${target}\n`);
        }
      }
    }
    for (const mode of MODES) {
      for (const target of TARGETS) {
        const req = chatRequest(targets.urls[target], mode === "stream");
        const result = await runWrk(wrkArgs(req.url, writeScript(dir, req), SATURATION.threads, SATURATION.connections, o.seconds));
        throughput.push({ mode, load: SATURATION.load, target, result });
        process.stderr.write(`. ${mode} ${SATURATION.load} ${target}\n`);
      }
    }
  } finally {
    await stopTargets(targets.processes);
  }
  const render = [];
  for (const size of RENDER_SIZES) render.push(await renderCost(size, o.renderRepeats));
  rmSync(dir, { recursive: true, force: true });

  const latencyRows = compareLatency(latency);
  const throughputRows = compareThroughput(throughput);
  const failed = [...latency.filter((r) => r.errors > 0).map((r) => `${r.target} ${r.mode} ${r.load}: ${r.errors} failed requests`),
    ...throughput.filter((r) => r.result.non2xx + r.result.socketErrors > 0).map((r) => `${r.target} ${r.mode} ${r.load}: ${r.result.non2xx} non-2xx, ${r.result.socketErrors} socket errors`)];

  const out = [
    `llm-observability bench ${started} (${o.quick ? "quick, " : ""}${o.seconds}s per run; ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}; absolute numbers are noisy on shared machines, ratios matter)`,
    "",
    latencyTable(latencyRows),
    "",
    throughputTable(throughputRows),
    "",
    table(["/metrics render", "series", "render ms (p50)", "bytes", "max event-loop stall ms"],
      render.map((r) => [`${r.requested} series`, String(r.series), r.renderMs.toFixed(2), String(r.bytes), r.loopLagMaxMs.toFixed(2)])),
    ...(scrapeUnderLoad
      ? ["", `/metrics scrape latency while the exporter serves 512 req/s: p50 ${scrapeUnderLoad.p50.toFixed(2)} ms, max ${scrapeUnderLoad.max.toFixed(2)} ms over ${scrapeUnderLoad.count} scrapes (${scrapeUnderLoad.failures} failed)`]
      : []),
    ...(failed.length ? ["", "FAILED REQUESTS (the figures above are not valid):", ...failed.map((f) => `  ${f}`)] : []),
  ].join("\n");
  process.stdout.write(`${out}\n`);

  mkdirSync(".bench", { recursive: true });
  writeFileSync(join(".bench", "results.json"), `${JSON.stringify({
    started, options: o, cpus: cpus().length, loadavg: loadavg(), latency, throughput, render, scrapeUnderLoad,
    comparisons: { latency: latencyRows, throughput: throughputRows }, failed,
  }, null, 2)}\n`);
  return failed.length ? 1 : 0;
}

let scriptCount = 0;
function writeScript(dir: string, req: ReturnType<typeof chatRequest>): string {
  const path = join(dir, `wrk-${scriptCount++}.lua`);
  writeFileSync(path, wrkScript(req));
  return path;
}

let options: BenchOptions;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(2);
}
main(options).then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
