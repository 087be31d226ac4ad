import { createWriteStream, existsSync, fstatSync, mkdirSync, openSync, renameSync, type Stats, type WriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import type { AuditSink } from "../integrations";
import type { ExporterMetrics } from "../metrics/registry";
import { CURRENT_FILE, firstRecordTime, rotatedFileName } from "./files";
import { serializeAuditRecord, type AuditRecord } from "./record";
import { enforceRetention } from "./retention";

const DAY_MS = 86_400_000;
const MIB = 1024 * 1024;
/** Records are handed to the file in batches of this many bytes, or after BATCH_MS, whichever comes first. */
const BATCH_BYTES = 32 * 1024;
const BATCH_MS = 50;

/** Options of {@link AuditLog}; `dir`, `retentionDays` and `maxSizeMb` are seed 001's AUDIT_* settings. */
export interface AuditLogOptions {
  /** Directory of the audit files (AUDIT_LOG_DIR); created when missing. */
  dir: string;
  /** Days a record is kept before its file is deleted (AUDIT_RETENTION_DAYS), 1-3650. */
  retentionDays: number;
  /** Size in MiB at which the current file is rotated (AUDIT_MAX_SIZE_MB), > 0. */
  maxSizeMb: number;
  /** The exporter's instruments (exporter/src/metrics/registry.ts). */
  metrics: ExporterMetrics;
  /** Receives tamper warnings and one line per write-failure state change. */
  logger: Pick<Logger, "info" | "warn">;
  /** How often tamper checks, age rotation and retention run, in ms. Defaults to 60000. */
  checkIntervalMs?: number;
  /** Rotate the current file once its first record is this old, in ms, so retention (which deletes whole files) also acts on a quiet log. Defaults to 86400000 (1 day). */
  maxFileAgeMs?: number;
  /** Bytes waiting for the disk beyond which new records are dropped (and counted as failures) instead of growing memory. Defaults to 16 MiB. */
  maxBufferBytes?: number;
  /** Clock, for tests. Defaults to `() => new Date()`. */
  now?: () => Date;
}

function positive(name: string, value: number, max = Infinity): number {
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new RangeError(`audit ${name} = ${value}: expected a number > 0${max < Infinity ? ` and <= ${max}` : ""}`);
  return value;
}

/**
 * Append-only JSON Lines audit log. Records are batched (32 KiB or 50 ms) into a buffered stream, so the
 * request path never waits for the disk and the disk sees one write per batch; rotation renames the current
 * file, so lines still buffered for it land in the rotated file and none are lost; retention deletes rotated files; a current file that shrank or was replaced by
 * someone else counts as `llm_security_events_total{event_type="audit_tamper"}`.
 */
export class AuditLog implements AuditSink {
  private readonly path: string;
  private readonly maxBytes: number;
  private readonly retentionMs: number;
  private readonly maxFileAgeMs: number;
  private readonly maxBufferBytes: number;
  private readonly now: () => Date;
  private readonly timer: NodeJS.Timeout;
  private stream!: WriteStream;
  /** Identity and size of the current file when we opened it; what we wrote since is `stream.bytesWritten`. */
  private ino = 0;
  private baseSize = 0;
  /** Bytes accepted for the current file (on disk or buffered). */
  private size = 0;
  /** Bumped on every reopen, so a check that straddles a rotation does not mistake it for tampering. */
  private generation = 0;
  private firstRecordAt: Date | undefined;
  private failing = false;
  /** Records not yet handed to the file stream: one disk write per batch, not per request, keeps the proxy's CPU for requests. */
  private batch = "";
  private batchBytes = 0;
  private batchRecords = 0;
  private batchTimer: NodeJS.Timeout | undefined;
  private maintenance: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly opts: AuditLogOptions) {
    this.retentionMs = positive("retentionDays", opts.retentionDays, 3650) * DAY_MS;
    this.maxBytes = positive("maxSizeMb", opts.maxSizeMb) * MIB;
    this.maxFileAgeMs = positive("maxFileAgeMs", opts.maxFileAgeMs ?? DAY_MS);
    this.maxBufferBytes = positive("maxBufferBytes", opts.maxBufferBytes ?? 16 * MIB);
    this.now = opts.now ?? (() => new Date());
    this.path = join(opts.dir, CURRENT_FILE);
    let existing: Stats;
    try {
      mkdirSync(opts.dir, { recursive: true, mode: 0o750 });
      existing = this.open();
    } catch (err) {
      throw new Error(`audit dir = ${JSON.stringify(opts.dir)} (AUDIT_LOG_DIR): cannot open ${CURRENT_FILE} for appending: ${err instanceof Error ? err.message : String(err)}`);
    }
    // After a restart the last write is the one already on disk, not "never" (which would look like an audit gap).
    if (existing.size > 0) opts.metrics.auditLogLastWriteTimestamp.set(existing.mtimeMs / 1000);
    opts.metrics.auditLogRetentionSeconds.set(this.retentionMs / 1000);
    this.timer = setInterval(() => void this.maintain(), positive("checkIntervalMs", opts.checkIntervalMs ?? 60_000));
    this.timer.unref();
    void this.maintain();
  }

  /** Queues one record; never throws and never waits for the disk. */
  write(record: AuditRecord): void {
    if (this.closed) return this.fail(new Error("audit log is closed"));
    const now = this.now();
    let line: string;
    try {
      line = serializeAuditRecord(record, now);
    } catch (err) {
      return this.fail(err);
    }
    const bytes = Buffer.byteLength(line);
    if (this.stream.writableLength + this.batchBytes + bytes > this.maxBufferBytes) return this.fail(new Error(`audit buffer above ${this.maxBufferBytes} bytes; record dropped`));
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate(now);
    this.size += bytes;
    this.firstRecordAt ??= now;
    this.batch += line;
    this.batchBytes += bytes;
    this.batchRecords++;
    if (this.batchBytes >= BATCH_BYTES) this.flushBatch();
    else if (this.batchTimer === undefined) {
      this.batchTimer = setTimeout(() => this.flushBatch(), BATCH_MS);
      this.batchTimer.unref();
    }
  }

  /** Hands the pending batch to the current file's stream. */
  private flushBatch(): void {
    if (this.batchTimer !== undefined) clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.batchRecords === 0) return;
    const text = this.batch, records = this.batchRecords;
    this.batch = "";
    this.batchBytes = this.batchRecords = 0;
    this.stream.write(text, (err) => (err ? this.fail(err, records) : this.written()));
  }

  /**
   * One maintenance pass (also run every checkIntervalMs): tamper check, age rotation, retention and the
   * oldest-entry gauge. Exposed so tests and shutdown hooks can run it on demand.
   */
  maintain(): Promise<void> {
    if (this.closed) return Promise.resolve();
    // Runs never overlap: a caller arriving mid-run waits for that run.
    this.maintenance ??= this.runMaintenance().finally(() => {
      this.maintenance = undefined;
    });
    return this.maintenance;
  }

  private async runMaintenance(): Promise<void> {
    try {
      await this.checkIntegrity();
      const now = this.now();
      if (this.stream.destroyed) this.open();
      if (this.firstRecordAt === undefined && this.size > 0) this.firstRecordAt = await firstRecordTime(this.opts.dir, CURRENT_FILE);
      if (this.firstRecordAt !== undefined && now.getTime() - this.firstRecordAt.getTime() >= this.maxFileAgeMs) this.rotate(now);
      const { oldestRecordAt } = await enforceRetention(this.opts.dir, this.retentionMs, now);
      this.opts.metrics.auditLogOldestEntryAge.set(oldestRecordAt ? Math.max(0, (now.getTime() - oldestRecordAt.getTime()) / 1000) : 0);
    } catch (err) {
      this.opts.metrics.errorsTotal.inc({ error_type: "maintenance_failed", component: "audit" });
      this.opts.logger.warn({ dir: this.opts.dir, err: err instanceof Error ? err.message : String(err) }, "audit log maintenance failed");
    }
  }

  /** Flushes buffered records and closes the file; later calls return the same promise. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.timer);
    // A maintenance pass may rotate or reopen the file; let it finish before the last stream is closed.
    await this.maintenance;
    this.closed = true;
    if (!this.stream.destroyed) this.flushBatch();
    const stream = this.stream;
    if (stream.destroyed) return;
    await new Promise<void>((resolve) => {
      stream.once("close", resolve);
      stream.end();
    });
  }

  private open(): Stats {
    const fd = openSync(this.path, "a", 0o640);
    const st = fstatSync(fd);
    this.ino = st.ino;
    this.baseSize = st.size;
    this.size = st.size;
    this.firstRecordAt = undefined;
    this.generation++;
    this.stream = createWriteStream("", { fd, autoClose: true });
    this.stream.on("error", (err) => this.fail(err));
    return st;
  }

  private rotate(now: Date): void {
    // Batched records were accepted for the file being rotated: they go into it, not into its successor.
    this.flushBatch();
    // Names must stay unique and chronological: a second rotation within the same millisecond takes the next one.
    let at = now;
    while (existsSync(join(this.opts.dir, rotatedFileName(at)))) at = new Date(at.getTime() + 1);
    try {
      // Synchronous on purpose: the rename must happen before the next write() picks a file. It is one
      // metadata operation per maxSizeMb of records; the old descriptor keeps flushing into the renamed file.
      renameSync(this.path, join(this.opts.dir, rotatedFileName(at)));
    } catch (err) {
      this.fail(err);
    }
    this.stream.end();
    this.open();
  }

  private async checkIntegrity(): Promise<void> {
    const generation = this.generation;
    const expected = this.baseSize + this.stream.bytesWritten;
    const onDisk = await stat(this.path).catch(() => undefined);
    if (generation !== this.generation || this.closed) return;
    const reason = onDisk === undefined ? "deleted" : onDisk.ino !== this.ino ? "replaced" : onDisk.size < expected ? "shrank" : undefined;
    if (reason === undefined) return;
    this.opts.metrics.securityEventsTotal.inc({ event_type: "audit_tamper" });
    this.opts.logger.warn({ file: this.path, reason, expected_bytes: expected, actual_bytes: onDisk?.size ?? 0 }, "audit log tampering detected");
    // Keep auditing into a file people can see: a replaced or deleted file's descriptor writes nowhere visible.
    this.stream.end();
    this.open();
  }

  private written(): void {
    this.opts.metrics.auditLogLastWriteTimestamp.set(this.now().getTime() / 1000);
    if (this.failing) {
      this.failing = false;
      this.opts.logger.info({ dir: this.opts.dir }, "audit log writes recovered");
    }
  }

  /** Counts `records` lost records, and logs the first failure of a run of them. */
  private fail(err: unknown, records = 1): void {
    this.opts.metrics.auditLogWriteFailuresTotal.inc(records);
    this.opts.metrics.errorsTotal.inc({ error_type: "write_failed", component: "audit" }, records);
    if (this.failing) return;
    this.failing = true;
    this.opts.logger.warn({ dir: this.opts.dir, err: err instanceof Error ? err.message : String(err) }, "audit log writes failing");
  }
}
