import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { heyArgs, runHey, type HeySample } from "./hey";
import { chatRequest, type LoadRequest } from "./load";
import { TARGETS, type LatencyRun, type Mode, type Target, type ThroughputRun } from "./report";
import { scrapeRepeatedly } from "./scrape";
import { summarize, type LatencySummary } from "./stats";
import { runWrk, wrkArgs, wrkScript } from "./wrk";

const MODES: readonly Mode[] = ["unary", "stream"];

/** Fixed-rate loads: 16 workers x 32 req/s = 512 req/s, and one sequential client at 100 req/s. */
export const RATE_LOADS = [
  { load: "c16 @512/s", concurrency: 16, ratePerWorker: 32 },
  { load: "c1 @100/s", concurrency: 1, ratePerWorker: 100 },
] as const;

/** Saturation: as many requests as 64 connections get through. */
const SATURATION = { load: "c64 max", threads: 2, connections: 64 } as const;

/** Milliseconds between the /metrics scrapes sent while the exporter serves the main fixed-rate load. */
const SCRAPE_EVERY_MS = 250;

/** Where the load goes: each target's base URL, and a directory for wrk's scripts. */
export interface LoadPlan {
  urls: Record<Target, string>;
  dir: string;
  /** Seconds of each run. */
  seconds: number;
  /** Called after each run, for progress output. */
  progress(what: string): void;
}

let scripts = 0;
function scriptFor(dir: string, req: LoadRequest): string {
  const path = join(dir, `wrk-${scripts++}.lua`);
  writeFileSync(path, wrkScript(req));
  return path;
}

/** One short unmeasured wrk run per target: JIT, connection pools and upstream keepalive reach steady state. */
export async function warmUp(plan: LoadPlan): Promise<void> {
  for (const t of TARGETS) {
    const req = chatRequest(plan.urls[t], false);
    await runWrk(wrkArgs(req.url, scriptFor(plan.dir, req), 1, 8, 1));
  }
}

/** Each fixed-rate measurement is split into this many rounds, the targets taking turns within a round. */
const ROUNDS = 3;

/**
 * hey at fixed rates, every mode and target. The targets take turns in short rounds and each target's samples
 * are pooled, so a noisy minute on a shared machine lands on all three alike instead of on whichever ran then.
 * While the exporter serves the 512 req/s unary load, /metrics is scraped alongside, as Prometheus would, and
 * the scrape latency is returned too.
 */
export async function measureLatency(plan: LoadPlan): Promise<{ runs: LatencyRun[]; scrapes: LatencySummary & { failures: number } }> {
  const runs: LatencyRun[] = [];
  const scrapeTimes: { times: number[]; failures: number } = { times: [], failures: 0 };
  const roundSeconds = Math.max(1, Math.round(plan.seconds / ROUNDS));
  for (const [index, { load, concurrency, ratePerWorker }] of RATE_LOADS.entries()) {
    for (const mode of MODES) {
      const samples = new Map<Target, HeySample[]>(TARGETS.map((t) => [t, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const target of TARGETS) {
          const req = chatRequest(plan.urls[target], mode === "stream");
          const scrapeNow = index === 0 && target === "exporter" && mode === "unary";
          const scraper = scrapeNow ? scrapeRepeatedly(`${plan.urls.exporter}/metrics`, SCRAPE_EVERY_MS) : undefined;
          samples.get(target)!.push(...(await runHey(heyArgs(req, concurrency, ratePerWorker, roundSeconds))));
          if (scraper) {
            const s = await scraper.stop();
            scrapeTimes.times.push(...s.times);
            scrapeTimes.failures += s.failures;
          }
        }
      }
      for (const target of TARGETS) {
        const all = samples.get(target)!;
        const ok = all.filter((s) => s.status >= 200 && s.status < 300);
        runs.push({ mode, load, target, latency: summarize(ok.map((s) => s.latencyMs)), errors: all.length - ok.length });
      }
      plan.progress(`${mode} ${load}`);
    }
  }
  if (scrapeTimes.times.length === 0) throw new Error("no /metrics scrape was measured");
  return { runs, scrapes: { ...summarize(scrapeTimes.times), failures: scrapeTimes.failures } };
}

/**
 * wrk saturation runs, every mode and target, in ROUNDS rounds of `seconds / ROUNDS` where the targets take
 * turns, so a noisy stretch of a shared machine lands on all of them alike and the ratio's spread over rounds
 * shows how far one run can be trusted.
 */
export async function measureThroughput(plan: LoadPlan): Promise<ThroughputRun[]> {
  const runs: ThroughputRun[] = [];
  const roundSeconds = Math.max(1, Math.round(plan.seconds / ROUNDS));
  for (const mode of MODES) {
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of TARGETS) {
        const req = chatRequest(plan.urls[target], mode === "stream");
        const result = await runWrk(wrkArgs(req.url, scriptFor(plan.dir, req), SATURATION.threads, SATURATION.connections, roundSeconds));
        runs.push({ mode, load: SATURATION.load, target, round, result });
      }
    }
    plan.progress(`${mode} ${SATURATION.load}`);
  }
  return runs;
}
