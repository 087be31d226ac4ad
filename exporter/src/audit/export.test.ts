import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { runExportAuditCli, type CliIo } from "./cli";
import { exportAudit, parseSince } from "./export";
import { rotatedFileName } from "./files";
import { record, tempDir } from "./test-helpers";

const now = new Date("2026-06-30T12:00:00.000Z");
const line = (n: number, ts: string): string => `${JSON.stringify(record(n, ts))}\n`;

/** Three files: one rotated long ago, one rotated yesterday (straddling the cutoff), and the current one. */
function seed(dir: string): void {
  writeFileSync(join(dir, rotatedFileName(new Date("2026-06-01T00:00:00.000Z"))), line(1, "2026-05-31T00:00:00.000Z"));
  writeFileSync(join(dir, rotatedFileName(new Date("2026-06-29T13:00:00.000Z"))),
    line(2, "2026-06-29T11:00:00.000Z") + line(3, "2026-06-29T12:30:00.000Z") + "{torn");
  writeFileSync(join(dir, "audit.jsonl"), line(4, "2026-06-30T11:00:00.000Z") + "\n" + line(5, "2026-06-30T11:59:00.000Z"));
}

test("parseSince accepts durations and ISO dates, and names the forms allowed otherwise", () => {
  assert.equal(parseSince("7d", now).toISOString(), "2026-06-23T12:00:00.000Z");
  assert.equal(parseSince("24h", now).toISOString(), "2026-06-29T12:00:00.000Z");
  assert.equal(parseSince("30m", now).toISOString(), "2026-06-30T11:30:00.000Z");
  assert.equal(parseSince("2026-06-01", now).toISOString(), "2026-06-01T00:00:00.000Z");
  assert.equal(parseSince("2026-06-01T10:00:00+02:00", now).toISOString(), "2026-06-01T08:00:00.000Z");
  for (const bad of ["7", "7w", "yesterday", "2026-13-45", ""]) assert.throws(() => parseSince(bad, now), /expected a duration like 30m, 24h or 7d, or an ISO date/);
});

test("exports records since the cutoff across rotated files in order, skipping torn lines", async () => {
  const { dir, cleanup } = tempDir();
  try {
    seed(dir);
    const out = join(dir, "export.out");
    assert.equal(await exportAudit({ dir, since: "24h", out, now: () => now }), 3);
    assert.deepEqual(readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l).request_id), ["req-3", "req-4", "req-5"]);
    assert.equal(await exportAudit({ dir, since: "2026-01-01", out, now: () => now }), 5);
  } finally {
    cleanup();
  }
});

test("a directory without a current file exports what the rotated files hold", async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, rotatedFileName(new Date("2026-06-30T00:00:00.000Z"))), line(9, "2026-06-29T23:00:00.000Z"));
    assert.equal(await exportAudit({ dir, since: "7d", out: join(dir, "x.out"), now: () => now }), 1);
  } finally {
    cleanup();
  }
});

test("gzip output decompresses to the same JSON lines", async () => {
  const { dir, cleanup } = tempDir();
  try {
    seed(dir);
    const plain = join(dir, "plain.out");
    const gz = join(dir, "export.jsonl.gz");
    await exportAudit({ dir, since: "7d", out: plain, now: () => now });
    assert.equal(await exportAudit({ dir, since: "7d", gzip: true, out: gz, now: () => now }), 4);
    assert.equal(gunzipSync(readFileSync(gz)).toString("utf8"), readFileSync(plain, "utf8"));
  } finally {
    cleanup();
  }
});

function io(env: Record<string, string> = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { env, out, err, stdout: (l) => void out.push(l), stderr: (l) => void err.push(l) };
}

test("the CLI exports, and rejects bad flags with exit code 2 and a message", async () => {
  const { dir, cleanup } = tempDir();
  try {
    seed(dir);
    const ok = io({ AUDIT_LOG_DIR: dir });
    const out = join(dir, "cli.jsonl.gz");
    assert.equal(await runExportAuditCli(["--since", "3650d", "--gzip", "--out", out], ok), 0);
    assert.equal(JSON.parse(ok.out[0] ?? "{}").records, 5);
    assert.equal(gunzipSync(readFileSync(out)).toString("utf8").trim().split("\n").length, 5);

    const cases: [string[], RegExp][] = [
      [["--out", out], /--since is required/],
      [["--since", "7d"], /--out is required/],
      [["--since", "soon", "--out", out], /--since = "soon"/],
      [["--since", "7d", "--out", out, "--zip"], /Unknown option '--zip'/],
    ];
    for (const [argv, message] of cases) {
      const bad = io();
      assert.equal(await runExportAuditCli(argv, bad), 2, argv.join(" "));
      assert.match(bad.err.join("\n"), message);
      assert.match(bad.err.join("\n"), /usage: npm run exporter -- export-audit/);
    }
    const missing = io();
    assert.equal(await runExportAuditCli(["--since", "7d", "--out", out, "--dir", join(dir, "nope")], missing), 1);
    assert.match(missing.err[0] ?? "", /nope/);
  } finally {
    cleanup();
  }
});
