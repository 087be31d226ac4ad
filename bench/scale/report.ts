import { table } from "../report";

/** What one fleet size cost Prometheus. */
export interface ScaleResult {
  models: number;
  instances: number;
  /** `prometheus_tsdb_head_series` once the measurement ran. */
  headSeries: number;
  /**
   * Prometheus' CPU per evaluation round spent on rules, ms: its CPU over the measured rounds minus its CPU over
   * as long without rule files (scraping and storing alone). Unlike evaluation times it does not grow when other
   * processes take the cores.
   */
  ruleCpuMsPerRound: number;
  /** The two with-minus-without differences per round it is the smaller of, ms. */
  ruleCpuPairs: number[];
  /** How the CPU was counted (`perf` or `/proc`). */
  cpuHow: string;
  /**
   * Alerts firing or pending while the rules were measured, with how many series each: the fleet is meant to be healthy, and
   * every firing alert adds template expansion and ALERTS series to its rule's cost.
   */
  firing: { alert: string; series: number }[];
  /**
   * Per rule group: median evaluation time over the measured rounds (/api/v1/rules) and the same from
   * `prometheus_rule_group_last_duration_seconds`, ms; and evaluations per global round (1, or less for a group
   * with a longer interval of its own).
   */
  groups: { group: string; ms: number; metricMs: number; perRound: number }[];
  /** Per rule: median evaluation time, ms. */
  rules: { group: string; rule: string; ms: number }[];
  /** Per query and range: median wall time of the range query, ms. */
  queries: { name: string; range: string; ms: number }[];
}

/**
 * What one evaluation round costs Prometheus, ms: every group's evaluation time, a group with a longer interval of
 * its own counted for the share of rounds it runs in.
 */
export const roundMs = (r: ScaleResult): number => r.groups.reduce((s, g) => s + g.ms * g.perRound, 0);

/**
 * How a figure grows between two fleet sizes, as the exponent k in cost ~ models^k: 1 is linear, below 1 better
 * than linear, above 1 worse. Undefined when either figure is too small to divide (under `floor`).
 */
export function growthExponent(from: { n: number; v: number }, to: { n: number; v: number }, floor = 1e-9): number | undefined {
  if (from.v < floor || to.v < floor || from.n === to.n) return undefined;
  return Math.log(to.v / from.v) / Math.log(to.n / from.n);
}

/** One row of a growth table: a figure at each fleet size. */
export interface GrowthRow {
  label: string;
  values: (number | undefined)[];
}

/**
 * A table with the figure at each size and the growth exponent between neighbouring sizes (`k 10->100`);
 * a missing figure prints `-`.
 */
export function growthTable(title: string, sizes: readonly number[], rows: readonly GrowthRow[], digits: number): string {
  const pairs = sizes.slice(1).map((n, i) => [sizes[i]!, n] as const);
  return table(
    [title, ...sizes.map((n) => `${n} models`), ...pairs.map(([a, b]) => `k ${a}->${b}`)],
    rows.map((r) => [
      r.label,
      ...r.values.map((v) => (v === undefined ? "-" : v.toFixed(digits))),
      ...pairs.map((_, i) => {
        const a = r.values[i];
        const b = r.values[i + 1];
        const k = a === undefined || b === undefined ? undefined : growthExponent({ n: sizes[i]!, v: a }, { n: sizes[i + 1]!, v: b }, 0.05);
        return k === undefined ? "-" : k.toFixed(2);
      }),
    ]),
  );
}

/** The printed report: totals, per group, the `top` costliest rules at the largest size, and every query. */
export function scaleReport(results: readonly ScaleResult[], top = 10): string {
  const sizes = results.map((r) => r.models);
  const largest = results.at(-1)!;
  const at = <T>(pick: (r: ScaleResult) => T[], key: (t: T) => string, value: (t: T) => number) => (k: string) =>
    results.map((r) => {
      const found = pick(r).find((t) => key(t) === k);
      return found === undefined ? undefined : value(found);
    });
  const groupMs = at((r) => r.groups, (g) => g.group, (g) => g.ms);
  const ruleMs = at((r) => r.rules, (x) => `${x.group} ${x.rule}`, (x) => x.ms);
  const queryMs = at((r) => r.queries, (q) => `${q.name} [${q.range}]`, (q) => q.ms);
  const topRules = [...largest.rules].sort((a, b) => b.ms - a.ms).slice(0, top);
  return [
    `scale: ${largest.instances} exporter instances, ${sizes.join(" / ")} models each`,
    ...results.map((r) => `alerts firing or pending at ${r.models} models: ${r.firing.length === 0 ? "none" : r.firing.map((f) => `${f.alert} (${f.series})`).join(", ")}`),
    "",
    growthTable("totals", sizes, [
      { label: "rule evaluation per round, wall (ms)", values: results.map(roundMs) },
      { label: "  same, from prometheus_rule_group_last_duration_seconds", values: results.map((r) => r.groups.reduce((s, g) => s + g.metricMs * g.perRound, 0)) },
      { label: `rule CPU per round (ms, ${largest.cpuHow}; smaller of two windows)`, values: results.map((r) => r.ruleCpuMsPerRound) },
      { label: "  the other window", values: results.map((r) => Math.max(...r.ruleCpuPairs)) },
      { label: "head series", values: results.map((r) => r.headSeries) },
    ], 1),
    "",
    growthTable("rule group (ms per evaluation)", sizes, largest.groups.map((g) => ({
      label: g.perRound === 1 ? g.group : `${g.group} (runs every ${Math.round(1 / g.perRound)} rounds)`, values: groupMs(g.group),
    })), 2),
    "",
    growthTable(`top ${top} rules at ${largest.models} models (ms)`, sizes, topRules.map((x) => ({ label: `${x.group}: ${x.rule}`, values: ruleMs(`${x.group} ${x.rule}`) })), 2),
    "",
    growthTable("query (ms, range query)", sizes, largest.queries.map((q) => ({ label: `${q.name} [${q.range}]`, values: queryMs(`${q.name} [${q.range}]`) })), 1),
  ].join("\n");
}
