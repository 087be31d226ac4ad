import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs the real amtool (0.25 here) on a rendered alertmanager.yml, for tests and the render command. */

/** Runs amtool with `config` in a temporary alertmanager.yml (`args` get its path), then removes the file. */
function amtool(config: string, args: (file: string) => string[]): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "amtool-"));
  try {
    const file = join(dir, "alertmanager.yml");
    writeFileSync(file, config);
    const run = spawnSync("amtool", args(file), { encoding: "utf8" });
    if (run.error) throw new Error(`amtool could not be run (${run.error.message}); it comes with Debian's prometheus-alertmanager package`);
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `amtool check-config`; throws with amtool's output when the config is invalid, returns the output otherwise. */
export function amtoolCheckConfig(config: string): string {
  const run = amtool(config, (file) => ["check-config", file]);
  if (run.status !== 0) throw new Error(`amtool check-config failed:\n${run.output}`);
  return run.output;
}

/** The receivers an alert with `labels` is routed to, per `amtool config routes test`. */
export function amtoolRoutes(config: string, labels: Record<string, string>): string[] {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const run = amtool(config, (file) => ["config", "routes", "test", `--config.file=${file}`, ...pairs]);
  if (run.status !== 0) throw new Error(`amtool config routes test failed:\n${run.output}`);
  const line = run.output.split("\n").find((l) => l.trim() !== "" && !l.startsWith("Warning:"));
  return (line ?? "").trim().split(",");
}
