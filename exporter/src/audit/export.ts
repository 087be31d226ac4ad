import { createReadStream, createWriteStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { CURRENT_FILE, listRotatedFiles } from "./files";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * The cutoff a `since` value names: a duration back from `now` (`30m`, `24h`, `7d`) or an ISO 8601 date
 * or date-time (`2026-11-01`, `2026-11-01T12:00:00Z`). Throws a message naming the value and the forms allowed.
 */
export function parseSince(since: string, now: Date): Date {
  const rel = /^(\d+)([mhd])$/.exec(since.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS]);
  const abs = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(since.trim()) ? new Date(since.trim()) : undefined;
  if (abs && !Number.isNaN(abs.getTime())) return abs;
  throw new RangeError(`--since = ${JSON.stringify(since)}: expected a duration like 30m, 24h or 7d, or an ISO date like 2026-11-01`);
}

/** Options of {@link exportAudit}. */
export interface ExportAuditOptions {
  /** Audit directory (AUDIT_LOG_DIR). */
  dir: string;
  /** Only records with timestamp >= this (see parseSince). */
  since: string;
  /** Gzip the output. Defaults to false. */
  gzip?: boolean;
  /** Output file path. */
  out: string;
  /** Clock for relative `since`. Defaults to `() => new Date()`. */
  now?: () => Date;
}

/** Records of the given files, in file order, whose timestamp is >= cutoff; unparseable lines are skipped. */
async function* recordsSince(dir: string, names: readonly string[], cutoff: number, counter: { n: number }): AsyncGenerator<string> {
  for (const name of names) {
    const lines = createInterface({ input: createReadStream(join(dir, name)), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        let ts: unknown;
        try {
          ts = (JSON.parse(line) as { timestamp?: unknown }).timestamp;
        } catch {
          // A torn last line (the process died mid-write) is not a record.
          continue;
        }
        if (typeof ts === "string" && Date.parse(ts) >= cutoff) {
          counter.n++;
          yield `${line}\n`;
        }
      }
    } catch (err) {
      // Retention may delete a file between listing and reading it; its records are out of range anyway.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
}

/**
 * SIEM export (seed 001 `export_for_siem`): the records since `since` from every audit file, oldest file
 * first, as JSON Lines (gzip when asked). Rotated files rotated before the cutoff are skipped unread.
 * Resolves to the number of records exported.
 */
export async function exportAudit(opts: ExportAuditOptions): Promise<number> {
  const cutoff = parseSince(opts.since, (opts.now ?? (() => new Date()))()).getTime();
  const rotated = (await listRotatedFiles(opts.dir)).filter((f) => f.rotatedAt.getTime() >= cutoff).map((f) => f.name);
  const counter = { n: 0 };
  const source = Readable.from(recordsSince(opts.dir, [...rotated, CURRENT_FILE], cutoff, counter));
  const sink = createWriteStream(opts.out, { mode: 0o640 });
  await (opts.gzip ? pipeline(source, createGzip(), sink) : pipeline(source, sink));
  return counter.n;
}
