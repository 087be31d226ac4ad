import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import type { AuditRecord } from "./record";

/** A fresh temp directory and its cleanup. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "audit-test-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real pino logger whose lines land in `lines` as "<level> <msg>". */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(`${pino.levels.labels[JSON.parse(line).level]} ${JSON.parse(line).msg}`) });
  return Object.assign(logger, { lines });
}

/** An audit record for request `n` at `timestamp`. */
export function record(n: number, timestamp = new Date().toISOString()): AuditRecord {
  return {
    timestamp, trace_id: "", request_id: `req-${n}`, action: "llm_call", resource: "/v1/chat/completions",
    log_level: "INFO", status: 200, model: "m", outcome: "success",
  };
}

/** Every line of every file in `dir`, files in name order (rotated files sort before audit.jsonl). */
export function allLines(dir: string): string[] {
  const names = readdirSync(dir).sort((a, b) => (a === "audit.jsonl" ? 1 : b === "audit.jsonl" ? -1 : a.localeCompare(b)));
  return names.flatMap((n) => readFileSync(join(dir, n), "utf8").split("\n").filter((l) => l !== ""));
}
