import { spawn } from "node:child_process";
import type { LoadRequest } from "./load";

/** What a wrk run measured. */
export interface WrkResult {
  /** Completed requests per second over the run. */
  requestsPerSecond: number;
  /** Completed requests. */
  requests: number;
  /** Responses with a status outside 2xx/3xx. */
  non2xx: number;
  /** Connect, read, write and timeout errors. */
  socketErrors: number;
}

/** The wrk Lua script that turns its GETs into the benchmark's POST. */
export function wrkScript(req: LoadRequest): string {
  if (req.body.includes("]==]")) throw new Error("request body contains the Lua long-string terminator ]==]");
  return [
    'wrk.method = "POST"',
    'wrk.headers["Content-Type"] = "application/json"',
    `wrk.body = [==[${req.body}]==]`,
    "",
  ].join("\n");
}

/** wrk arguments for a saturation run: `threads` threads over `connections` connections for `seconds`. */
export function wrkArgs(url: string, scriptPath: string, threads: number, connections: number, seconds: number): string[] {
  return ["-t", String(threads), "-c", String(connections), "-d", `${seconds}s`, "--timeout", "10s", "-s", scriptPath, url];
}

/** Parses wrk's summary; throws when the throughput line is missing rather than reporting zero. */
export function parseWrkOutput(text: string): WrkResult {
  const rps = /^Requests\/sec:\s+([0-9.]+)/m.exec(text);
  const total = /^\s*([0-9]+) requests in /m.exec(text);
  if (!rps || !total) throw new Error(`wrk output has no "Requests/sec" / "requests in" lines: ${text.slice(0, 300)}`);
  const non2xx = /Non-2xx or 3xx responses:\s+([0-9]+)/.exec(text);
  const sock = /Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)/.exec(text);
  return {
    requestsPerSecond: Number(rps[1]),
    requests: Number(total[1]),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: sock ? sock.slice(1).reduce((s, n) => s + Number(n), 0) : 0,
  };
}

/** Runs wrk to completion and parses its summary. */
export function runWrk(args: string[]): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`wrk exited ${code}: ${out}`));
      else {
        try {
          resolve(parseWrkOutput(out));
        } catch (e) {
          reject(e);
        }
      }
    });
  });
}
