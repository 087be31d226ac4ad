import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createMetrics, type ExporterMetrics } from "../metrics/registry";
import { AuditLog } from "./audit-log";
import { rotatedFileName } from "./files";
import { allLines, record, recordingLogger, tempDir } from "./test-helpers";

const value = async (m: ExporterMetrics[keyof Omit<ExporterMetrics, "registry">], labels: Record<string, string> = {}): Promise<number> =>
  (await m.get()).values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value ?? 0;

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 2));
}

test("records are JSON lines; size rotation renames files and loses no line", async () => {
  const { dir, cleanup } = tempDir();
  const metrics = createMetrics();
  try {
    const log = new AuditLog({ dir, retentionDays: 30, maxSizeMb: 2048 / (1024 * 1024), metrics, logger: recordingLogger() });
    for (let i = 0; i < 200; i++) log.write(record(i));
    await log.close();
    const lines = allLines(dir);
    assert.deepEqual(lines.map((l) => JSON.parse(l).request_id), Array.from({ length: 200 }, (_, i) => `req-${i}`));
    const files = readdirSync(dir);
    assert.ok(files.length > 5, `rotated into several files: ${files.join(", ")}`);
    for (const f of files) {
      assert.match(f, /^audit(-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z)?\.jsonl$/);
      assert.ok(statSync(join(dir, f)).size <= 2048, `${f} is within maxSizeMb`);
    }
    assert.ok((await value(metrics.auditLogLastWriteTimestamp)) > 0);
    assert.equal(await value(metrics.auditLogRetentionSeconds), 30 * 86400);
    assert.equal(await value(metrics.auditLogWriteFailuresTotal), 0);
  } finally {
    cleanup();
  }
});

test("retention deletes rotated files past the period; age rotation moves a quiet current file out", async () => {
  const { dir, cleanup } = tempDir();
  const metrics = createMetrics();
  let now = new Date("2026-06-30T00:00:00.000Z");
  const old = rotatedFileName(new Date("2026-05-01T00:00:00.000Z"));
  const recent = rotatedFileName(new Date("2026-06-25T00:00:00.000Z"));
  writeFileSync(join(dir, old), `${JSON.stringify(record(1, "2026-04-30T00:00:00.000Z"))}\n`);
  writeFileSync(join(dir, recent), `${JSON.stringify(record(2, "2026-06-20T00:00:00.000Z"))}\n`);
  writeFileSync(join(dir, "unrelated.txt"), "keep me");
  try {
    const log = new AuditLog({ dir, retentionDays: 30, maxSizeMb: 1, metrics, logger: recordingLogger(), now: () => now });
    await log.maintain();
    assert.deepEqual(readdirSync(dir).sort(), ["audit.jsonl", recent, "unrelated.txt"].sort());
    assert.equal(await value(metrics.auditLogOldestEntryAge), 10 * 86400);

    log.write(record(3, now.toISOString()));
    await until(() => statSync(join(dir, "audit.jsonl")).size > 0);
    now = new Date("2026-07-01T00:00:01.000Z");
    await log.maintain();
    assert.ok(readdirSync(dir).includes(rotatedFileName(now)), "the day-old current file was rotated");
    assert.equal(statSync(join(dir, "audit.jsonl")).size, 0);
    await log.close();
  } finally {
    cleanup();
  }
});

test("a current file truncated or replaced by someone else is a security event; our own rotation is not", async () => {
  const { dir, cleanup } = tempDir();
  const metrics = createMetrics();
  const logger = recordingLogger();
  const file = join(dir, "audit.jsonl");
  try {
    const log = new AuditLog({ dir, retentionDays: 30, maxSizeMb: 1024 / (1024 * 1024), metrics, logger });
    for (let i = 0; i < 30; i++) log.write(record(i));
    await until(() => allLines(dir).length === 30);
    assert.ok(readdirSync(dir).length > 1, "rotated at least once");
    await log.maintain();
    assert.equal(await value(metrics.securityEventsTotal, { event_type: "audit_tamper" }), 0);

    assert.ok(statSync(file).size > 0);
    truncateSync(file, 0);
    await log.maintain();
    assert.equal(await value(metrics.securityEventsTotal, { event_type: "audit_tamper" }), 1);

    log.write(record(100));
    await until(() => statSync(file).size > 0);
    unlinkSync(file);
    writeFileSync(file, "{}\n");
    await log.maintain();
    assert.equal(await value(metrics.securityEventsTotal, { event_type: "audit_tamper" }), 2);
    assert.deepEqual(logger.lines.filter((l) => l.includes("tamper")), ["warn audit log tampering detected", "warn audit log tampering detected"]);

    log.write(record(101));
    await log.close();
    assert.match(readFileSync(file, "utf8"), /req-101/, "auditing continues in the visible file");

    const restarted = createMetrics();
    await new AuditLog({ dir, retentionDays: 30, maxSizeMb: 1, metrics: restarted, logger }).close();
    assert.equal(await value(restarted.auditLogLastWriteTimestamp), statSync(file).mtimeMs / 1000, "a restart reports the last write on disk");
  } finally {
    cleanup();
  }
});

test("records beyond the memory buffer are dropped and counted, and the failure is logged once", async () => {
  const { dir, cleanup } = tempDir();
  const metrics = createMetrics();
  const logger = recordingLogger();
  try {
    const log = new AuditLog({ dir, retentionDays: 1, maxSizeMb: 100, maxBufferBytes: 300, metrics, logger });
    for (let i = 0; i < 50; i++) log.write(record(i));
    await log.close();
    const failures = await value(metrics.auditLogWriteFailuresTotal);
    assert.ok(failures > 0);
    assert.equal(allLines(dir).length + failures, 50);
    assert.equal(await value(metrics.errorsTotal, { error_type: "write_failed", component: "audit" }), failures);
    assert.deepEqual(logger.lines.filter((l) => l.includes("failing")), ["warn audit log writes failing"]);
  } finally {
    cleanup();
  }
});

test("bad settings name the key", () => {
  const metrics = createMetrics();
  assert.throws(() => new AuditLog({ dir: "/tmp/x", retentionDays: 0, maxSizeMb: 1, metrics, logger: recordingLogger() }), /audit retentionDays = 0: expected a number > 0 and <= 3650/);
  assert.throws(() => new AuditLog({ dir: "/tmp/x", retentionDays: 1, maxSizeMb: -1, metrics, logger: recordingLogger() }), /audit maxSizeMb = -1/);
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, "a-file"), "");
    assert.throws(() => new AuditLog({ dir: join(dir, "a-file", "audit"), retentionDays: 1, maxSizeMb: 1, metrics, logger: recordingLogger() }),
      /audit dir = ".*a-file\/audit" \(AUDIT_LOG_DIR\): cannot open audit.jsonl for appending: ENOTDIR/);
  } finally {
    cleanup();
  }
});
