import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { openSync } from "node:fs";

/** A free TCP port on 127.0.0.1 (the OS picks; the socket is closed before the port is handed out). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Throws a one-line, actionable error when a server binary the demo runs is not installed. */
export function requireBinaries(bins: readonly string[]): void {
  const missing = bins.filter((b) => spawnSync(b, ["--version"], { stdio: "ignore" }).error !== undefined);
  if (missing.length > 0) {
    throw new Error(`${missing.join(", ")} not found: install Debian's packages (apt-get install -y prometheus prometheus-alertmanager prometheus-node-exporter)`);
  }
}

/** Starts a server binary with its output in `logFile`, and waits until `readyUrl` answers 200. */
export async function startServer(bin: string, args: string[], logFile: string, readyUrl: string, timeoutMs = 30_000): Promise<ChildProcess> {
  const log = openSync(logFile, "a");
  const child = spawn(bin, args, { stdio: ["ignore", log, log] });
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`${bin} exited with ${code}; see ${logFile}`))));
  exited.catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await Promise.race([fetch(readyUrl).then((r) => r.ok, () => false), exited]);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`${bin} was not ready at ${readyUrl} after ${timeoutMs} ms; see ${logFile}`);
}

/** Stops a child and waits for it to exit (SIGKILL after 5 s). */
export function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
