// `npm run bench [-- --quick] [--seconds n] [--exporter | --scale] [--models n,...] [--instances n]`: the exporter's overhead
// against a plain nginx reverse proxy, both in front of the same simulator, measured in one run; then what the
// stack's rules and queries cost a real Prometheus at fleet scale (bench/scale/). Prints tables and writes
// .bench/results.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { countInstructions, underCallgrind } from "./callgrind";
import { measureCpuPerRequest, type CpuRun, type Proxy } from "./cpu-cost";
import { compareCpu, cpuTable } from "./cpu-report";
import { checkGoals, checkRuleGoals, goalsTable } from "./goals";
import { measureLatency, measureThroughput, warmUp } from "./measure";
import { parseBenchArgs, type BenchOptions } from "./options";
import { compareLatency, compareThroughput, latencyTable, table, throughputTable, type LatencyRun, type ThroughputRun } from "./report";
import { renderCostInChild, type RenderCost } from "./scrape";
import { scaleReport } from "./scale/report";
import { runScale } from "./scale/run";
import { startTargets, stopTargets, type BenchTargets } from "./targets";
import { requireTool } from "../test/helpers/tools";

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
  return table(["/metrics render", "series", "bytes", "wall ms (p50)", "max event-loop stall ms (wall)", "render CPU ms (p50)", "longest turn, CPU ms"],
    render.map((r) => [`${r.requested} series`, String(r.series), String(r.bytes), r.renderMs.toFixed(2), r.loopLagMaxMs.toFixed(2), r.cpuMs.toFixed(2), r.cpuMaxMs.toFixed(2)]));
}

/** The proxies' pids among the started targets (nginx's master: its worker is in its process tree). */
function proxyPids(targets: BenchTargets): Record<Proxy, number> {
  const pid = (name: Proxy) => {
    const p = targets.processes.find((x) => x.name === name)?.child.pid;
    if (p === undefined) throw new Error(`bench: no running ${name} process`);
    return p;
  };
  return { nginx: pid("nginx"), relay: pid("relay"), exporter: pid("exporter") };
}

/**
 * Instructions per request: the proxies started again under callgrind, each sent a fixed number of requests per
 * round. Undefined, with the reason printed, where valgrind is not installed.
 */
async function measureInstructions(o: BenchOptions, progress: (what: string) => void): Promise<CpuRun[] | undefined> {
  try {
    requireTool("callgrind_control");
  } catch (e) {
    progress(`instructions per request: skipped, ${(e as Error).message}`);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "llmobs-callgrind-"));
  const targets = await startTargets(dir, (command, args) => underCallgrind(dir, command, args));
  try {
    return await measureCpuPerRequest({
      urls: targets.urls, pids: proxyPids(targets), rounds: o.instructionRounds, requests: o.instructionRequests, concurrency: 16, progress,
      counter: countInstructions(dir),
    });
  } finally {
    await stopTargets(targets.processes);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The exporter part: latency, throughput and /metrics render cost; returns the printed text, the JSON and whether every request succeeded. */
async function exporterBench(o: BenchOptions, started: string): Promise<{ text: string; json: object; ok: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-bench-"));
  const targets = await startTargets(dir);
  const plan = { urls: targets.urls, dir, seconds: o.seconds, progress: (what: string) => process.stderr.write(`. ${what}\n`) };
  let measured;
  try {
    await warmUp(plan);
    const cpu = await measureCpuPerRequest({
      urls: targets.urls, pids: proxyPids(targets),
      rounds: o.cpuRounds, requests: o.cpuRequests, concurrency: 16, progress: plan.progress,
    });
    measured = { ...(await measureLatency(plan)), throughput: await measureThroughput(plan), cpu };
  } finally {
    await stopTargets(targets.processes);
  }
  // Measured after the servers stop, so the render competes with nothing the benchmark started.
  const render: RenderCost[] = [];
  for (const size of RENDER_SIZES) render.push(await renderCostInChild(size, o.renderRepeats));
  rmSync(dir, { recursive: true, force: true });
  const instructionRuns = await measureInstructions(o, plan.progress);

  const latency = compareLatency(measured.runs);
  const throughput = compareThroughput(measured.throughput);
  const failed = [
    ...failures(measured.runs, measured.throughput),
    ...[...measured.cpu, ...(instructionRuns ?? [])].filter((r) => r.errors > 0).map((r) => `${r.target} ${r.mode} ${r.how} round ${r.round}: ${r.errors} failed requests`),
  ];
  const cpu = compareCpu(measured.cpu);
  const instructions = instructionRuns && compareCpu(instructionRuns);
  const goals = checkGoals(latency, throughput, render);
  const s = measured.scrapes;
  const text = [
    `llm-observability bench ${started} (${o.quick ? "quick, " : ""}${o.seconds}s per run; ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}; absolute numbers are noisy on shared machines, ratios matter)`,
    "", latencyTable(latency), "", throughputTable(throughput), "", cpuTable(cpu, `${measured.cpu[0]?.how ?? "?"}, ${o.cpuRounds} rounds`),
    ...(instructions ? ["", cpuTable(instructions, `callgrind, ${o.instructionRounds} rounds`)] : []),
    "", renderTable(render), "",
    `/metrics scrape latency while the exporter serves 512 req/s: p50 ${s.p50.toFixed(2)} ms, max ${s.max.toFixed(2)} ms over ${s.count} scrapes (${s.failures} failed)`,
    "", goalsTable(goals),
    ...(failed.length ? ["", "FAILED REQUESTS (the figures above are not valid):", ...failed.map((f) => `  ${f}`)] : []),
  ].join("\n");
  const json = {
    latency: measured.runs, throughput: measured.throughput, cpu: measured.cpu, cpuComparison: cpu,
    instructions: instructionRuns, instructionComparison: instructions, render, scrapeUnderLoad: s, comparisons: { latency, throughput }, goals, failed,
  };
  return { text, json, ok: failed.length === 0 };
}

async function main(o: BenchOptions): Promise<number> {
  const started = new Date().toISOString();
  const exporter = o.exporter ? await exporterBench(o, started) : undefined;
  if (exporter) process.stdout.write(`${exporter.text}\n\n`);
  const progress = (what: string) => process.stderr.write(`. ${what}\n`);
  const scale = o.rules ? await runScale({ ...o.scale, progress }) : undefined;
  const goals = scale ? checkRuleGoals(scale) : undefined;
  if (scale && goals) process.stdout.write(`${scaleReport(scale)}\n\n${goalsTable(goals)}\n`);

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, "results.json"), `${JSON.stringify({
    started, options: o, cpus: cpus().length, loadavg: loadavg(), ...exporter?.json, scale, scaleGoals: goals,
  }, null, 2)}\n`);
  return exporter && !exporter.ok ? 1 : 0;
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
