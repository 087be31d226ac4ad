import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { processTree, type CpuCounter } from "./cpu";

// Instructions per request from valgrind's callgrind: a count of executed instructions, which other tenants of
// the machine cannot inflate the way they inflate CPU time (cache and scheduler effects), for machines whose
// perf has no hardware counters. The proxies run under callgrind, 20-50 times slower, in a phase of their own.

/**
 * A command line that runs `command args` under callgrind with instrumentation on from the start, writing each
 * process' dumps to `<outDir>/callgrind.<pid>.<n>`. JIT-compiled code (V8) rewrites itself, so every non-file
 * mapping is checked for self-modifying code.
 */
export function underCallgrind(outDir: string, command: string, args: readonly string[]): [string, string[]] {
  return ["valgrind", ["--tool=callgrind", "--smc-check=all-non-file", `--callgrind-out-file=${join(outDir, "callgrind.%p")}`, command, ...args]];
}

/** The `summary:` (or `totals:`) count of a callgrind dump: every instruction executed since the previous dump. */
export function parseCallgrindTotal(text: string): number {
  const m = /^(?:summary|totals): (\d+)/m.exec(text);
  if (!m) throw new Error("callgrind dump has no summary line");
  return Number(m[1]);
}

/** The newest dump of `pid` in `outDir` (`callgrind.<pid>.<n>`, highest n), or undefined. */
export function newestDump(files: readonly string[], pid: number): string | undefined {
  const prefix = `callgrind.${pid}.`;
  return files
    .filter((f) => f.startsWith(prefix) && /^\d+$/.test(f.slice(prefix.length)))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    .at(-1);
}

/** Makes `pid` (running under callgrind) dump its counts and returns the instructions since its previous dump. */
function dump(pid: number, outDir: string): number {
  const before = newestDump(readdirSync(outDir), pid);
  const r = spawnSync("callgrind_control", ["--dump", String(pid)], { encoding: "utf8", timeout: 60_000 });
  const file = newestDump(readdirSync(outDir), pid);
  if (r.status !== 0 || file === undefined || file === before) {
    throw new Error(`callgrind_control --dump ${pid} wrote no new dump (exit ${r.status}): ${(r.stderr || r.stdout).slice(0, 300)}`);
  }
  return parseCallgrindTotal(readFileSync(join(outDir, file), "utf8"));
}

/** The processes of a tree that run under callgrind (not a helper a proxy spawned itself, such as tsx's esbuild). */
function underCallgrindIn(pid: number): number[] {
  return processTree(pid).filter((p) => {
    try {
      return readlinkSync(`/proc/${p}/exe`).includes("callgrind");
    } catch {
      return false;
    }
  });
}

/**
 * A counter for a process tree running under callgrind: starting it discards the counts so far, `stop()` returns
 * the instructions its processes executed in between (every thread). Its CPU time is no figure: under callgrind
 * it is mostly valgrind's own.
 */
export function countInstructions(outDir: string): (pid: number) => Promise<CpuCounter> {
  return async (pid) => {
    const pids = underCallgrindIn(pid);
    if (pids.length === 0) throw new Error(`no process of ${pid}'s tree runs under callgrind`);
    for (const p of pids) dump(p, outDir);
    return { how: "callgrind", stop: async () => ({ cpuMs: Number.NaN, instructions: pids.reduce((sum, p) => sum + dump(p, outDir), 0) }) };
  };
}
