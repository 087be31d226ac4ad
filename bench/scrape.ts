import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { renderRegistry } from "../exporter/src/metrics/render";
import { populateSeries } from "../exporter/src/metrics/scrape";
import { summarize } from "./stats";

/** Cost of one /metrics render at a given size. */
export interface RenderCost {
  /** Series asked for; the registry is filled model by model, so it holds slightly more. */
  requested: number;
  /** Series (sample lines) rendered. */
  series: number;
  /** Render time, in milliseconds (median of the repeats). */
  renderMs: number;
  /** Size of the text, in bytes. */
  bytes: number;
  /** Longest event-loop stall while rendering, in milliseconds (wall time: grows when other processes take the CPU). */
  loopLagMaxMs: number;
  /**
   * Longest event-loop turn during the renders, in CPU milliseconds of the main thread (the thread requests wait
   * for; /proc/thread-self/schedstat, nanosecond resolution; the whole process' getrusage where that file is
   * missing, which also counts the garbage collector's helper threads and so can only overstate it): the renderer
   * yields between slices, so this is its costliest slice, the stall it causes on a core of its own. Unlike the
   * wall-time stall it does not grow when other processes take the cores, so it is the figure the goal is checked on.
   */
  cpuMaxMs: number;
  /** CPU time of the median render as a whole (all its slices), in milliseconds. */
  cpuMs: number;
}

const SCHEDSTAT = "/proc/thread-self/schedstat";

/**
 * CPU milliseconds the calling thread (JavaScript's main thread) has run: the first field of Linux's schedstat, in
 * nanoseconds. Falls back to the whole process' getrusage where the file does not exist.
 */
export function mainThreadCpuMs(): number {
  try {
    return Number(readFileSync(SCHEDSTAT, "utf8").split(" ", 1)[0]) / 1e6;
  } catch {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  }
}

/**
 * Renders a registry of about `series` samples `repeats` times (after one warm-up render) with the exporter's own renderer, watching this
 * process' event loop meanwhile (filling the registry happens before, unwatched). The render is the code the
 * exporter runs per scrape, so the stall it causes here is the stall requests in flight would see there.
 */
export async function renderCost(series: number, repeats: number): Promise<RenderCost> {
  const { registry } = populateSeries(series);
  // Unmeasured: a running exporter has rendered before (Prometheus scrapes every few seconds), so its renderer is
  // compiled and the garbage of filling the registry is collected; the first render of a cold process is not steady state.
  await renderRegistry(registry, false);
  await new Promise((r) => setTimeout(r, 50));
  const lag = monitorEventLoopDelay({ resolution: 1 });
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes: Buffer = Buffer.alloc(0);
  // One probe per event-loop turn: the render yields with setImmediate too, so each gap between two probes is one slice.
  let turns = true;
  let maxTurnMs = 0;
  let lastProbe = mainThreadCpuMs();
  const probe = () => {
    const now = mainThreadCpuMs();
    maxTurnMs = Math.max(maxTurnMs, now - lastProbe);
    lastProbe = now;
    if (turns) setImmediate(probe);
  };
  setImmediate(probe);
  lag.enable();
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    bytes = await renderRegistry(registry, false);
    const used = process.cpuUsage(cpuStart);
    times.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  lag.disable();
  turns = false;
  const text = bytes.toString();
  return {
    requested: series,
    series: text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).length,
    renderMs: summarize(times).p50,
    bytes: bytes.length,
    loopLagMaxMs: lag.max / 1e6,
    cpuMaxMs: maxTurnMs,
    cpuMs: summarize(cpu).p50,
  };
}

/**
 * {@link renderCost} in a fresh Node process (bench/render-cost.ts): the stall a render causes depends on the
 * garbage collector, and so on the heap around it. A fresh process holds what an exporter holds, the registry;
 * the benchmark's own process holds every latency sample of the run, whose collection would be charged to the render.
 */
export function renderCostInChild(series: number, repeats: number): Promise<RenderCost> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", join(__dirname, "render-cost.ts"), String(series), String(repeats)], { cwd: join(__dirname, "..") }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`render-cost ${series}: ${err.message} ${stderr}`));
      try {
        resolve(JSON.parse(stdout) as RenderCost);
      } catch {
        reject(new Error(`render-cost ${series}: expected one JSON object, got ${JSON.stringify(stdout.slice(0, 200))}`));
      }
    });
  });
}

/** Scrapes `url` every `intervalMs` until stopped, timing each successful scrape (ms): /metrics latency while the proxy serves load. */
export function scrapeRepeatedly(url: string, intervalMs: number): { stop(): Promise<{ times: number[]; failures: number }> } {
  const times: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const start = performance.now();
      const ok = await fetch(url).then(async (r) => (await r.text(), r.ok), () => false);
      if (ok) times.push(performance.now() - start);
      else failures++;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { times, failures };
    },
  };
}
