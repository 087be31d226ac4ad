import { execFileSync, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** User and system CPU time from one /proc/<pid>/stat line, in clock ticks. */
export function parseProcStat(line: string): { user: number; system: number } {
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses: count from the last ")".
  const fields = line.slice(line.lastIndexOf(")") + 2).trim().split(/\s+/);
  // Fields 14 and 15 (utime, stime) of the line are 12 and 13 after the command name.
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isInteger(user) || !Number.isInteger(system)) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(line.slice(0, 120))}`);
  return { user, system };
}

let ticks: number | undefined;
/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 on every Linux we know). */
function clockTicks(): number {
  ticks ??= Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());
  return ticks;
}

/** A process and its descendants (nginx's workers), from /proc/<pid>/task/<tid>/children. */
export function processTree(pid: number): number[] {
  const tasks = (() => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8");
    } catch {
      return "";
    }
  })();
  return [pid, ...tasks.split(/\s+/).filter(Boolean).map(Number).flatMap(processTree)];
}

/**
 * CPU seconds (user + system) a process and its descendants have used so far. CPU time, unlike wall time, does not
 * grow when other processes take the cores, so its difference over a fixed amount of work is a stable figure on a
 * shared machine. Resolution: one clock tick (10 ms), so measure work that takes seconds.
 */
export function cpuSeconds(pid: number): number {
  const t = processTree(pid).reduce((sum, p) => {
    const { user, system } = parseProcStat(readFileSync(`/proc/${p}/stat`, "utf8"));
    return sum + user + system;
  }, 0);
  return t / clockTicks();
}

/** Counts what a process tree spends from its start until `stop()`; `how` names the method. */
export interface CpuCounter {
  how: string;
  stop(): Promise<CpuSpent>;
}

/** What a process tree spent on a piece of work. */
export interface CpuSpent {
  /** CPU milliseconds (user + system). */
  cpuMs: number;
  /** Instructions retired, when the machine's perf can count them. */
  instructions?: number;
}

/** Reads `perf stat -x,` output: task-clock in ms and instructions when counted (`<not supported>` / `<not counted>` otherwise). */
export function parsePerfStat(text: string): { taskClockMs?: number; instructions?: number } {
  const out: { taskClockMs?: number; instructions?: number } = {};
  for (const line of text.split("\n")) {
    const [value, unit, event] = line.split(",");
    const n = Number(value);
    if (!Number.isFinite(n) || value === "") continue;
    if (event === "task-clock" && unit === "msec") out.taskClockMs = n;
    if (event?.startsWith("instructions")) out.instructions = n;
  }
  return out;
}

let perfWorks: boolean | undefined;
/** Whether `perf stat -e task-clock` counts here (the perf binary exists and the kernel lets us read software events). */
function perfAvailable(): boolean {
  if (perfWorks === undefined) {
    const r = spawnSync("perf", ["stat", "-x,", "-e", "task-clock", "--", "true"], { encoding: "utf8" });
    perfWorks = r.status === 0 && parsePerfStat(r.stderr).taskClockMs !== undefined;
  }
  return perfWorks;
}

/**
 * Starts counting the CPU a process tree spends; `stop()` returns it. With perf (linux-perf) the count is
 * `perf stat -e task-clock,instructions` attached to the processes: CPU time to the nanosecond, and instructions
 * where the machine exposes hardware counters (virtual machines often do not). Without perf it is the /proc
 * difference, to a clock tick.
 */
export async function countCpu(pid: number): Promise<CpuCounter> {
  const pids = processTree(pid);
  if (!perfAvailable()) {
    const before = cpuSeconds(pid);
    return { how: "/proc", stop: async () => ({ cpuMs: (cpuSeconds(pid) - before) * 1000 }) };
  }
  const perf = spawn("perf", ["stat", "-x,", "-e", "task-clock,instructions", "-p", pids.join(",")], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  perf.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => perf.once("close", () => resolve()));
  // perf attaches asynchronously; give it a moment so the first requests are counted.
  await new Promise((r) => setTimeout(r, 200));
  return {
    how: "perf",
    stop: async () => {
      perf.kill("SIGINT");
      await exited;
      const { taskClockMs, instructions } = parsePerfStat(err);
      if (taskClockMs === undefined) throw new Error(`perf stat counted no task-clock: ${err.slice(0, 300)}`);
      return { cpuMs: taskClockMs, ...(instructions === undefined ? {} : { instructions }) };
    },
  };
}
