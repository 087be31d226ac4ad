import { RATE_LOADS } from "./measure";
import { table, type LatencyComparison, type ThroughputComparison } from "./report";
import type { RenderCost } from "./scrape";

/** What the exporter is held to (issue 3, item 13): limits on what it adds, relative to direct and to nginx. */
export const GOALS = {
  /** Added p99 over direct at the ~500 req/s non-streaming load, in ms. */
  addedP99Ms: 1,
  /** Saturation throughput as a share of nginx's, for every mode. */
  throughputVsNginx: 0.8,
  /** Longest event-loop stall during a /metrics render, in ms, at every series count. */
  renderStallMs: 10,
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
  const worstStall = render.reduce((worst, r) => (r.loopLagMaxMs > worst.loopLagMaxMs ? r : worst));
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
      goal: `/metrics render stall <= ${GOALS.renderStallMs} ms`,
      measured: `${worstStall.loopLagMaxMs.toFixed(2)} ms at ${worstStall.series} series`, met: worstStall.loopLagMaxMs <= GOALS.renderStallMs,
    },
  ];
}

export function goalsTable(checks: readonly GoalCheck[]): string {
  return table(["goal", "measured", "verdict"], checks.map((c) => [c.goal, c.measured, c.met ? "met" : "MISSED"]));
}
