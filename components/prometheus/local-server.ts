import { spawn, type ChildProcess } from "node:child_process";

/** A Prometheus-family server (prometheus, alertmanager) running as a local process. */
export interface LocalServer {
  /** Base URL, e.g. `http://127.0.0.1:41769`. */
  url: string;
  /** Stops the process (SIGTERM) and resolves once it has exited, so its data directory can be removed. */
  stop(): Promise<void>;
}

/**
 * Starts `binary` with `args` (which must listen on `127.0.0.1:0`) and resolves once it logs the port the kernel
 * picked: both servers log `msg="Listening on" address=...`. Rejects with the log if the process exits first.
 */
export function startLocalServer(binary: string, args: string[]): Promise<LocalServer> {
  const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((ok, fail) => {
    let log = "";
    child.stderr!.on("data", (chunk) => {
      log += chunk;
      const m = /msg="Listening on" address=(127\.0\.0\.1:\d+)/.exec(log);
      if (m) ok({ url: `http://${m[1]}`, stop: () => stop(child) });
    });
    child.on("exit", (code) => fail(new Error(`${binary} exited with ${code}:\n${log}`)));
    // A binary that cannot start (not installed) emits "error" and never "exit".
    child.on("error", (err) => fail(new Error(`${binary} could not be started: ${err.message}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/**
 * Polls `probe` until it returns a value, for state a server reaches asynchronously (a scrape, a notification).
 * The bound only stops a broken run from hanging; nothing is asserted about how long it took.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}
