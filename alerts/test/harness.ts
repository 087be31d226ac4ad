import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { StackConfig } from "../../config";
import { requireTool } from "../../test/helpers/tools";
import { isAlert, ruleFiles, ruleGroups, type AlertRule } from "..";
import type { Variant } from "./configs";
import { filesFor } from "./rule-deps";
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
  /**
   * How often promtool evaluates the rules. Defaults to 1m. Cases that need hours of history use a longer
   * one: promtool evaluates every loaded rule at every step, which dominates their run time.
   */
  readonly evaluationInterval?: string;
  /** Config the rules are rendered from. Defaults to "default". */
  readonly variant?: Variant;
  /** Exact annotations of the single expected alert; when set the case runs against unmodified rule files. */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface PromtoolResult {
  readonly code: number | null;
  readonly output: string;
}

/** Runs promtool without blocking, so independent runs can share the CPUs. */
export function promtool(args: readonly string[], cwd: string): Promise<PromtoolResult> {
  const binary = requireTool("promtool", PROMTOOL);
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

function alertDef(config: StackConfig, name: string): AlertRule {
  const found = ruleGroups(config).flatMap((g) => g.rules.filter(isAlert)).find((r) => r.alert === name);
  if (!found) throw new Error(`test case names ${name}, which this config does not render`);
  return found;
}

/** The promtool test file for some cases: one test group per case, so a failure names its case. */
export function testFile(config: StackConfig, files: readonly string[], cases: readonly AlertCase[], evaluationInterval = "1m"): string {
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
  return stringify({ rule_files: files, evaluation_interval: evaluationInterval, tests }, { lineWidth: 0, aliasDuplicateObjects: false });
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

/** Runs `fn` over `items` with at most `limit` running at once. */
async function pooled<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Renders the config's rule files into a temp dir and runs `promtool test rules` on the cases: one promtool
 * run per set of needed rule files, two at a time. The result fails if any run fails.
 */
export async function runCases(config: StackConfig, cases: readonly AlertCase[], keepAnnotations: boolean): Promise<PromtoolResult> {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-alerts-"));
  try {
    const groups = ruleGroups(config);
    for (const [name, text] of Object.entries(ruleFiles(config))) writeFileSync(join(dir, name), keepAnnotations ? text : withoutAnnotations(text));
    const bySet = new Map<string, AlertCase[]>();
    for (const c of cases) {
      const key = `${c.evaluationInterval ?? "1m"} ${filesFor(groups, c.alert).join(",")}`;
      bySet.set(key, [...(bySet.get(key) ?? []), c]);
    }
    const runs = [...bySet].map(([key, batch], i) => {
      const [interval, files] = key.split(" ") as [string, string];
      writeFileSync(join(dir, `tests-${i}.yml`), testFile(config, files.split(","), batch, interval));
      return `tests-${i}.yml`;
    });
    const results = await pooled(runs, 2, (file) => promtool(["test", "rules", file], dir));
    return { code: results.find((r) => r.code !== 0)?.code ?? 0, output: results.map((r) => r.output).join("\n") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
