// `npm run bench [-- --quick] [--seconds n]`: the exporter's overhead against a plain nginx reverse proxy, both in
// front of the same simulator, measured in one run. Prints tables and writes .bench/results.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { checkGoals, goalsTable } from "./goals";
import { measureLatency, measureThroughput, warmUp } from "./measure";
import { parseBenchArgs, type BenchOptions } from "./options";
import { compareLatency, compareThroughput, latencyTable, table, throughputTable, type LatencyRun, type ThroughputRun } from "./report";
import { renderCostInChild, type RenderCost } from "./scrape";
import { startTargets, stopTargets } from "./targets";

const RENDER_SIZES = [100, 1_000, 10_000] as const;
const RESULTS_DIR = join(__dirname, "..", ".bench");

/** Every run whose requests did not all succeed: its figures measure failures, not the proxy. */
function failures(latency: readonly LatencyRun[], throughput: readonly ThroughputRun[]): string[] {
  return [
    ...latency.filter((r) => r.errors > 0).map((r) => `${r.target} ${r.mode} ${r.load}: ${r.errors} failed requests`),
    ...throughput.filter((r) => r.result.non2xx + r.result.socketErrors > 0)
      .map((r) => `${r.target} ${r.mode} ${r.load}: ${r.result.non2xx} non-2xx, ${r.result.socketErrors} socket errors`),
  ];
}

function renderTable(render: readonly RenderCost[]): string {
  return table(["/metrics render", "series", "render ms (p50)", "bytes", "max event-loop stall ms"],
    render.map((r) => [`${r.requested} series`, String(r.series), r.renderMs.toFixed(2), String(r.bytes), r.loopLagMaxMs.toFixed(2)]));
}

async function main(o: BenchOptions): Promise<number> {
  const started = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), "llmobs-bench-"));
  const targets = await startTargets(dir);
  const plan = { urls: targets.urls, dir, seconds: o.seconds, progress: (what: string) => process.stderr.write(`. ${what}\n`) };
  let measured;
  try {
    await warmUp(plan);
    measured = { ...(await measureLatency(plan)), throughput: await measureThroughput(plan) };
  } finally {
    await stopTargets(targets.processes);
  }
  // Measured after the servers stop, so the render competes with nothing the benchmark started.
  const render: RenderCost[] = [];
  for (const size of RENDER_SIZES) render.push(await renderCostInChild(size, o.renderRepeats));
  rmSync(dir, { recursive: true, force: true });

  const latency = compareLatency(measured.runs);
  const throughput = compareThroughput(measured.throughput);
  const failed = failures(measured.runs, measured.throughput);
  const goals = checkGoals(latency, throughput, render);
  const s = measured.scrapes;
  process.stdout.write(`${[
    `llm-observability bench ${started} (${o.quick ? "quick, " : ""}${o.seconds}s per run; ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}; absolute numbers are noisy on shared machines, ratios matter)`,
    "", latencyTable(latency), "", throughputTable(throughput), "", renderTable(render), "",
    `/metrics scrape latency while the exporter serves 512 req/s: p50 ${s.p50.toFixed(2)} ms, max ${s.max.toFixed(2)} ms over ${s.count} scrapes (${s.failures} failed)`,
    "", goalsTable(goals),
    ...(failed.length ? ["", "FAILED REQUESTS (the figures above are not valid):", ...failed.map((f) => `  ${f}`)] : []),
  ].join("\n")}\n`);

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, "results.json"), `${JSON.stringify({
    started, options: o, cpus: cpus().length, loadavg: loadavg(), latency: measured.runs, throughput: measured.throughput, render,
    scrapeUnderLoad: s, comparisons: { latency, throughput }, goals, failed,
  }, null, 2)}\n`);
  return failed.length ? 1 : 0;
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
