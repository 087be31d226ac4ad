import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs the real amtool (0.25 here) on a rendered alertmanager.yml, for tests and the render command. */

function writeConfig(config: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "amtool-")), "alertmanager.yml");
  writeFileSync(file, config);
  return file;
}

function amtool(args: string[]): { status: number | null; output: string } {
  const run = spawnSync("amtool", args, { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** `amtool check-config`; throws with amtool's output when the config is invalid, returns the output otherwise. */
export function amtoolCheckConfig(config: string): string {
  const run = amtool(["check-config", writeConfig(config)]);
  if (run.status !== 0) throw new Error(`amtool check-config failed:\n${run.output}`);
  return run.output;
}

/** The receivers an alert with `labels` is routed to, per `amtool config routes test`. */
export function amtoolRoutes(config: string, labels: Record<string, string>): string[] {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const run = amtool(["config", "routes", "test", `--config.file=${writeConfig(config)}`, ...pairs]);
  if (run.status !== 0) throw new Error(`amtool config routes test failed:\n${run.output}`);
  const line = run.output.split("\n").find((l) => l.trim() !== "" && !l.startsWith("Warning:"));
  return (line ?? "").trim().split(",");
}
