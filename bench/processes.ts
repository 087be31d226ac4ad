import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";

/** A process the benchmark started, with where its output went. */
export interface BenchProcess {
  /** What it is, for messages. */
  name: string;
  child: ChildProcess;
  /** File holding its stdout and stderr. */
  logFile: string;
  /** Why it never ran (e.g. `spawn nginx ENOENT` when the program is not installed); undefined once it started. */
  startError?: Error;
}

/** A free ephemeral port on 127.0.0.1 (bound, then released for the child to take). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a command with its output sent to a file, not a pipe: a pipe would have to be drained by the benchmark's
 * own event loop, which would then compete with the load generators for the same two cores.
 */
export function startProcess(name: string, command: string, args: string[], env: Record<string, string>, logFile: string, cwd: string): BenchProcess {
  const fd = openSync(logFile, "a");
  const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const p: BenchProcess = { name, child, logFile };
  // A program that cannot start emits "error" and never "exit": note it, so waiting on it fails instead of hanging.
  child.once("error", (err) => (p.startError = err));
  return p;
}

/** Resolves once `url` answers 2xx; rejects, naming the process and its log, if it exits or never does. */
export async function waitUntilServing(p: BenchProcess, url: string, attempts = 150): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (p.startError) throw new Error(`${p.name} could not be started: ${p.startError.message}`);
    if (p.child.exitCode !== null) throw new Error(`${p.name} exited with ${p.child.exitCode} before serving ${url}; see ${p.logFile}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${p.name} did not serve ${url} after ${attempts} attempts; see ${p.logFile}`);
}

/** Stops a process (SIGTERM, then SIGKILL if it lingers) and waits for it to exit; one that never started is done. */
export async function stopProcess(p: BenchProcess): Promise<void> {
  if (p.startError || p.child.pid === undefined || p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once("exit", r));
  p.child.kill("SIGTERM");
  const timer = setTimeout(() => p.child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
