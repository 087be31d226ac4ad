import { spawn } from "node:child_process";
import type { LoadRequest } from "./load";

/** One request as `hey -o csv` reports it. */
export interface HeySample {
  /** Total time of the request, in milliseconds. */
  latencyMs: number;
  /** HTTP status; 0 when the request failed without a response. */
  status: number;
}

const HEADER = "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset";

/**
 * Parses `hey -o csv`: one line per request, times in seconds with 0.1 ms resolution. Throws on anything else,
 * so a changed hey version fails loudly instead of producing made-up numbers.
 */
export function parseHeyCsv(csv: string): HeySample[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== "");
  const start = lines.indexOf(HEADER);
  if (start === -1) throw new Error(`hey output has no CSV header (${HEADER}); got: ${csv.slice(0, 200)}`);
  return lines.slice(start + 1).map((line, i) => {
    const cells = line.split(",");
    const seconds = Number(cells[0]);
    const status = Number(cells[6]);
    if (cells.length !== 8 || !Number.isFinite(seconds) || !Number.isInteger(status)) {
      throw new Error(`hey CSV line ${i + 2} ${JSON.stringify(line)}: expected 8 numeric columns`);
    }
    return { latencyMs: seconds * 1000, status };
  });
}

/** hey arguments for a rate-limited run: `concurrency` workers at `ratePerWorker` req/s each, for `seconds`. */
export function heyArgs(req: LoadRequest, concurrency: number, ratePerWorker: number, seconds: number): string[] {
  return [
    "-c", String(concurrency), "-q", String(ratePerWorker), "-z", `${seconds}s`, "-t", "10",
    "-m", "POST", "-T", "application/json", "-d", req.body, "-o", "csv", req.url,
  ];
}

/** Runs hey to completion and returns its samples. */
export function runHey(args: string[]): Promise<HeySample[]> {
  return new Promise((resolve, reject) => {
    const child = spawn("hey", args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`hey exited ${code}: ${Buffer.concat(err).toString()}`));
      else {
        try {
          resolve(parseHeyCsv(Buffer.concat(out).toString()));
        } catch (e) {
          reject(e);
        }
      }
    });
  });
}
