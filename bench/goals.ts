import { RATE_LOADS } from "./measure";
import { table, type LatencyComparison, type ThroughputComparison } from "./report";
import type { RenderCost } from "./scrape";
import { roundMs, type ScaleResult } from "./scale/report";

/** What the exporter is held to (issue 3, item 13): limits on what it adds, relative to direct and to nginx. */
export const GOALS = {
  /** Added p99 over direct at the ~500 req/s non-streaming load, in ms. */
  addedP99Ms: 1,
  /** Saturation throughput as a share of nginx's, for every mode. */
  throughputVsNginx: 0.8,
  /** CPU time of the costliest /metrics render (the event-loop stall it causes on a core of its own), in ms, at every series count. */
  renderStallMs: 10,
  /** Rule evaluation per round (every group once) for the fleet size below, in ms (issue 11). */
  ruleRoundMs: 100,
  /** The fleet size the rule goal is stated for. */
  ruleFleet: { models: 100, instances: 4 },
} as const;

/** One goal, what this run measured for it, and whether that meets it. */
export interface GoalCheck {
  goal: string;
  measured: string;
  met: boolean;
}

/** Checks a run's comparisons against GOALS; a goal whose runs are missing is an error, not a pass. */
export function checkGoals(latency: readonly LatencyComparison[], throughput: readonly ThroughputComparison[], render: readonly RenderCost[]): GoalCheck[] {
  const load = RATE_LOADS[0].load;
  const unary = latency.find((r) => r.mode === "unary" && r.load === load);
  if (!unary) throw new Error(`goals: no unary ${load} latency run`);
  if (throughput.length === 0) throw new Error("goals: no throughput run");
  if (render.length === 0) throw new Error("goals: no /metrics render measurement");
  const worstStall = render.reduce((worst, r) => (r.cpuMaxMs > worst.cpuMaxMs ? r : worst));
  return [
    {
      goal: `exporter added p99, unary ${load} <= ${GOALS.addedP99Ms} ms`,
      measured: `${unary.exporterAddedP99.toFixed(2)} ms`, met: unary.exporterAddedP99 <= GOALS.addedP99Ms,
    },
    ...throughput.map((r) => ({
      goal: `throughput ${r.mode} ${r.load} >= ${GOALS.throughputVsNginx}x nginx`,
      measured: `${r.ratio.toFixed(2)}x`, met: r.ratio >= GOALS.throughputVsNginx,
    })),
    {
      goal: `/metrics render stall (longest turn, CPU) <= ${GOALS.renderStallMs} ms`,
      measured: `${worstStall.cpuMaxMs.toFixed(2)} ms at ${worstStall.series} series`, met: worstStall.cpuMaxMs <= GOALS.renderStallMs,
    },
  ];
}

export function goalsTable(checks: readonly GoalCheck[]): string {
  return table(["goal", "measured", "verdict"], checks.map((c) => [c.goal, c.measured, c.met ? "met" : "MISSED"]));
}

/**
 * The rule-evaluation goals, checked on the run at the goal's fleet size: Prometheus' CPU per round spent on rules
 * (the figure other processes on the machine cannot inflate) and the evaluation time Prometheus reports (wall
 * time, which they can). A run without that size (`--quick`, other `--models`) reports its largest size and is
 * not a verdict.
 */
export function checkRuleGoals(results: readonly ScaleResult[]): GoalCheck[] {
  const { models, instances } = GOALS.ruleFleet;
  const at = results.find((r) => r.models === models && r.instances === instances);
  const largest = results.at(-1);
  if (!largest) throw new Error("goals: no scale measurement");
  const figures = [
    { what: "rule CPU per round", value: (r: ScaleResult) => r.ruleCpuMsPerRound },
    { what: "rule evaluation per round (wall, /api/v1/rules)", value: roundMs },
  ];
  return figures.map(({ what, value }) => {
    const goal = `${what} at ${models} x ${instances} <= ${GOALS.ruleRoundMs} ms`;
    if (!at) return { goal, measured: `not measured (${value(largest).toFixed(1)} ms at ${largest.models} x ${largest.instances})`, met: false };
    return { goal, measured: `${value(at).toFixed(1)} ms`, met: value(at) <= GOALS.ruleRoundMs };
  });
}
