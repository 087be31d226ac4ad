import { parseArgs } from "node:util";
import { exportAudit, parseSince } from "./export";

const USAGE = "usage: npm run exporter -- export-audit --since <7d|24h|30m|ISO date> [--gzip] --out <file> [--dir <audit dir>]";

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const PROCESS_IO: CliIo = {
  env: process.env,
  stdout: (line) => void process.stdout.write(`${line}\n`),
  stderr: (line) => void process.stderr.write(`${line}\n`),
};

/**
 * `export-audit --since 7d [--gzip] --out FILE [--dir DIR]` (argv without the subcommand). The audit
 * directory defaults to AUDIT_LOG_DIR, else `logs/audit`. Resolves to the exit code: 0 done, 2 bad
 * arguments, 1 export failed; never throws.
 */
export async function runExportAuditCli(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  let values: { since?: string; out?: string; gzip?: boolean; dir?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { since: { type: "string" }, out: { type: "string" }, gzip: { type: "boolean" }, dir: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
    if (values.since === undefined) throw new Error("--since is required");
    if (values.out === undefined || values.out === "") throw new Error("--out is required");
    parseSince(values.since, new Date());
  } catch (err) {
    io.stderr(`export-audit: ${err instanceof Error ? err.message : String(err)}`);
    io.stderr(USAGE);
    return 2;
  }
  const dir = values.dir ?? (io.env.AUDIT_LOG_DIR || "logs/audit");
  try {
    const count = await exportAudit({ dir, since: values.since, gzip: values.gzip ?? false, out: values.out });
    io.stdout(JSON.stringify({ msg: "audit export written", records: count, out: values.out, gzip: values.gzip ?? false }));
    return 0;
  } catch (err) {
    io.stderr(`export-audit: ${dir} -> ${values.out}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
