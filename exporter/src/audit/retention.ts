import { unlink } from "node:fs/promises";
import { join } from "node:path";
import { CURRENT_FILE, firstRecordTime, listRotatedFiles } from "./files";

/** What a retention pass did and found. */
export interface RetentionResult {
  /** Rotated files deleted because their newest record was older than the retention period. */
  deleted: string[];
  /** Timestamp of the oldest record still on disk, if any. */
  oldestRecordAt?: Date;
}

/**
 * Deletes rotated audit files whose rotation time (their newest record, at the latest) is older than
 * `retentionMs`; the current file is never deleted here (age-based rotation moves it out first).
 */
export async function enforceRetention(dir: string, retentionMs: number, now: Date): Promise<RetentionResult> {
  const cutoff = now.getTime() - retentionMs;
  const deleted: string[] = [];
  const kept: string[] = [];
  for (const file of await listRotatedFiles(dir)) {
    if (file.rotatedAt.getTime() < cutoff) {
      await unlink(join(dir, file.name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "ENOENT") throw err;
      });
      deleted.push(file.name);
    } else kept.push(file.name);
  }
  for (const name of [...kept, CURRENT_FILE]) {
    const oldestRecordAt = await firstRecordTime(dir, name);
    if (oldestRecordAt !== undefined) return { deleted, oldestRecordAt };
  }
  return { deleted };
}
