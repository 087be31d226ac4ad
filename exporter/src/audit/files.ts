import { open, readdir } from "node:fs/promises";
import { join } from "node:path";

/** The file being written; rotation renames it to `audit-<ISO time>.jsonl`. */
export const CURRENT_FILE = "audit.jsonl";

// ISO 8601 with ":" replaced by "-": valid on every filesystem, and names still sort chronologically.
const ROTATED = /^audit-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z)\.jsonl$/;

/** Name of a file rotated at `at` (two rotations in one millisecond get times 1 ms apart, see AuditLog). */
export function rotatedFileName(at: Date): string {
  return `audit-${at.toISOString().replace(/:/g, "-")}.jsonl`;
}

/** A rotated audit file and when it was rotated (the time of its newest record, at the latest). */
export interface RotatedFile {
  name: string;
  rotatedAt: Date;
}

/** When a rotated file was rotated, from its name; undefined for any other file. */
export function parseRotatedFileName(name: string): Date | undefined {
  const m = ROTATED.exec(name);
  if (!m?.[1]) return undefined;
  const [date = "", time = ""] = m[1].split("T");
  return new Date(`${date}T${time.replace(/-/g, ":")}`);
}

/** Rotated files in `dir`, oldest first. */
export async function listRotatedFiles(dir: string): Promise<RotatedFile[]> {
  const out: RotatedFile[] = [];
  for (const name of await readdir(dir)) {
    const rotatedAt = parseRotatedFileName(name);
    if (rotatedAt !== undefined) out.push({ name, rotatedAt });
  }
  return out.sort((a, b) => a.rotatedAt.getTime() - b.rotatedAt.getTime());
}

/** Timestamp of the first record in a file, read from its first line only; undefined when unreadable. */
export async function firstRecordTime(dir: string, name: string): Promise<Date | undefined> {
  let handle;
  try {
    handle = await open(join(dir, name), "r");
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const line = buf.subarray(0, bytesRead).toString("utf8").split("\n", 1)[0] ?? "";
    const ts = (JSON.parse(line) as { timestamp?: unknown }).timestamp;
    const date = typeof ts === "string" ? new Date(ts) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date : undefined;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
