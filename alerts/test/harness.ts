import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { StackConfig } from "../../config";
import { isAlert, ruleFiles, ruleGroups, type AlertRule } from "..";
import type { Variant } from "./configs";
import type { Series } from "./series";

export const PROMTOOL = process.env.PROMTOOL ?? "/usr/bin/promtool";

/** One promtool unit test of one alert: the series, when to look, and which alerts must be firing then. */
export interface AlertCase {
  /** Test name, shown by promtool when it fails. */
  readonly name: string;
  readonly alert: string;
  readonly series: Series;
  /** promtool eval_time, e.g. `15m`. */
  readonly at: string;
  /**
   * Labels of each alert expected to fire, besides the rule's own (severity, service, signal) which are added
   * from the rule definition. Empty: the alert must stay silent.
   */
  readonly fires: readonly Readonly<Record<string, string>>[];
  /** Config the rules are rendered from. Defaults to "default". */
  readonly variant?: Variant;
  /** Exact annotations of the single expected alert; when set the case runs against unmodified rule files. */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface PromtoolResult {
  readonly code: number | null;
  readonly output: string;
}

export function promtool(args: readonly string[], cwd: string): PromtoolResult {
  const r = spawnSync(PROMTOOL, args, { cwd, encoding: "utf8" });
  if (r.error) throw r.error;
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

function alertDef(config: StackConfig, name: string): AlertRule {
  const found = ruleGroups(config).flatMap((g) => g.rules.filter(isAlert)).find((r) => r.alert === name);
  if (!found) throw new Error(`test case names ${name}, which this config does not render`);
  return found;
}

/** The promtool test file for some cases: one test group per case, so a failure names its case. */
export function testFile(config: StackConfig, files: readonly string[], cases: readonly AlertCase[]): string {
  const tests = cases.map((c) => {
    const def = alertDef(config, c.alert);
    const own = { severity: def.severity, service: def.service, signal: def.signal ?? def.alert };
    return {
      name: c.name,
      interval: "1m",
      input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
      alert_rule_test: [{
        eval_time: c.at,
        alertname: c.alert,
        exp_alerts: c.fires.map((labels) => ({ exp_labels: { ...labels, ...own }, ...(c.annotations ? { exp_annotations: c.annotations } : {}) })),
      }],
    };
  });
  return stringify({ rule_files: files, evaluation_interval: "1m", tests }, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * Drops annotations from rendered rule files. promtool compares annotations exactly, so the fires/silent
 * matrix checks expressions, `for:` and labels on these copies; annotation cases run on the originals.
 */
export function withoutAnnotations(yaml: string): string {
  const doc = parse(yaml) as { groups: { rules: Record<string, unknown>[] }[] };
  for (const g of doc.groups) for (const r of g.rules) delete r.annotations;
  return stringify(doc, { lineWidth: 0 });
}

/** Renders the config's rule files into a temp dir and runs `promtool test rules` on the cases. */
export function runCases(config: StackConfig, cases: readonly AlertCase[], keepAnnotations: boolean): PromtoolResult {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-alerts-"));
  try {
    const files = ruleFiles(config);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), keepAnnotations ? text : withoutAnnotations(text));
    writeFileSync(join(dir, "tests.yml"), testFile(config, Object.keys(files), cases));
    return promtool(["test", "rules", "tests.yml"], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
