import { countCpu, type CpuCounter } from "./cpu";
import { runHey } from "./hey";
import { chatRequest, type LoadRequest } from "./load";
import type { Mode, Target } from "./report";

/** The proxies whose CPU per request is measured (direct has no proxy). */
export const PROXIES = ["nginx", "relay", "exporter"] as const satisfies readonly Target[];
export type Proxy = (typeof PROXIES)[number];

/** One proxy's CPU over a fixed number of requests, in one round. */
export interface CpuRun {
  mode: Mode;
  target: Proxy;
  round: number;
  requests: number;
  /** Requests that did not get a 2xx. */
  errors: number;
  cpuMs: number;
  instructions?: number;
  /** How the CPU was counted: `perf` (task-clock) or `/proc` (clock ticks). */
  how: string;
}

/** hey arguments for a fixed number of requests, as fast as `concurrency` connections go. */
export function heyCountArgs(req: LoadRequest, concurrency: number, requests: number): string[] {
  return ["-n", String(requests), "-c", String(concurrency), "-t", "10", "-m", "POST", "-T", "application/json", "-d", req.body, "-o", "csv", req.url];
}

/**
 * CPU each proxy spends on a fixed number of requests, unary and streamed, in `rounds` rounds where the proxies
 * take turns. CPU time per request is the figure a shared, noisy machine cannot move much: other processes
 * taking the cores make each request slower, not more expensive.
 */
export async function measureCpuPerRequest(o: {
  urls: Record<Target, string>; pids: Record<Proxy, number>; rounds: number; requests: Record<Mode, number>; concurrency: number; progress(what: string): void;
  /** How a proxy's spending is counted. Defaults to countCpu (perf, or /proc). */
  counter?: (pid: number) => Promise<CpuCounter>;
}): Promise<CpuRun[]> {
  const count = o.counter ?? countCpu;
  const runs: CpuRun[] = [];
  // Round -1 is not kept: the first round of each mode pays for compiling its code paths.
  for (let round = -1; round < o.rounds; round++) {
    for (const mode of ["unary", "stream"] as const) {
      for (const target of PROXIES) {
        const req = chatRequest(o.urls[target], mode === "stream");
        const counter = await count(o.pids[target]);
        const samples = await runHey(heyCountArgs(req, o.concurrency, o.requests[mode]));
        const spent = await counter.stop();
        const errors = samples.filter((s) => s.status < 200 || s.status >= 300).length;
        if (round >= 0) runs.push({ mode, target, round, requests: samples.length, errors, ...spent, how: counter.how });
      }
    }
    o.progress(`${o.counter ? "instructions" : "CPU"} per request, ${round < 0 ? "warm-up round" : `round ${round + 1}/${o.rounds}`}`);
  }
  return runs;
}
