import { durationSeconds } from "../../config";
import { num } from "../promql";
import { sloBadRate5m, sloErrorRatio, sloTotalRate5m } from "../recorded";
import type { AlertRule, RecordingRule, RuleContext, RuleGroup } from "../types";
import { slos, type Slo } from "./definitions";

interface BurnWindow {
  readonly long: string;
  readonly short: string;
  /** How many times faster than "exactly exhaust the budget over 30 days" the budget burns. */
  readonly burn: number;
  readonly page: boolean;
}

/** Google SRE workbook, "Alerting on SLOs", multiwindow multi-burn-rate alerts for a 30-day budget. */
export const BURN_WINDOWS: readonly BurnWindow[] = [
  { long: "1h", short: "5m", burn: 14.4, page: true },
  { long: "6h", short: "30m", burn: 6, page: true },
  { long: "1d", short: "2h", burn: 3, page: false },
  { long: "3d", short: "6h", burn: 1, page: false },
];

const WINDOWS = [...new Set(BURN_WINDOWS.flatMap((w) => [w.short, w.long]))].sort((a, b) => durationSeconds(a) - durationSeconds(b));

const BASE = "5m";

/**
 * The 5 m bad and total rates from the raw series, then each window's ratio. Windows above 5 m sum the recorded
 * 5 m rates over the window instead of rating every raw series over it: a `[3d]` rate reads three days of every
 * instance's counters at each evaluation, the sum reads one series. Equal steps make the sums proportional to the
 * events in the window, so the ratio is the same, give or take the 5 m at its edges.
 */
function sliRules(slo: Slo): RecordingRule[] {
  const labels = { slo: slo.slug };
  const bad = `${sloBadRate5m}{slo="${slo.slug}"}`;
  const total = `${sloTotalRate5m}{slo="${slo.slug}"}`;
  return [
    // No bad event is a rate of 0, not a missing series (a counter that never moved may not exist).
    { record: sloBadRate5m, expr: `${slo.bad(BASE)} or vector(0)`, labels },
    { record: sloTotalRate5m, expr: slo.total(BASE), labels },
    ...WINDOWS.map((w) => ({
      record: sloErrorRatio(w), labels,
      expr: w === BASE ? `${bad}\n/\n${total}` : `sum_over_time(${bad}[${w}])\n/\nsum_over_time(${total}[${w}])`,
    })),
  ];
}

/**
 * The tiers that can fire: an error ratio cannot exceed 1, so a tier whose threshold `burn * budget` is 1 or
 * more would never fire (the 80 % cache-hit SLO has a 20 % budget: only the 3x and 1x tiers are reachable).
 */
function reachable(slo: Slo, page: boolean): BurnWindow[] {
  return BURN_WINDOWS.filter((w) => w.page === page && w.burn * (1 - slo.objective) < 1);
}

function burnAlert(slo: Slo, page: boolean, tiers: BurnWindow[], minRequestsPerSecond: number): AlertRule {
  const budget = 1 - slo.objective;
  const sel = (w: string) => `${sloErrorRatio(w)}{slo="${slo.slug}"}`;
  // A page also needs traffic in the short window: one failure out of two requests is a 50 % error ratio.
  // Tickets look at hours to days, where a low-traffic service still has enough events to judge.
  const busy = (t: BurnWindow) => (page ? `\nand on ()\n${slo.total(t.short)} >= ${num(minRequestsPerSecond)}` : "");
  const expr = tiers
    .map((t) => `(\n${sel(t.long)} > ${num(t.burn * budget)}\nand\n${sel(t.short)} > ${num(t.burn * budget)}${busy(t)}\n)`)
    .join("\nor\n");
  const kind = page ? "fast" : "slow";
  return {
    alert: `${slo.id}SLOBurnRate${page ? "Page" : "Ticket"}`, expr, for: page ? "2m" : "15m",
    severity: page ? "critical" : "warning", service: "slo", signal: `slo_${slo.slug}`,
    summary: `${slo.id} SLO error budget burning ${kind}`,
    description: `SLO "${slo.promise}": {{ $value | humanizePercentage }} of events are bad, burning the 30-day error budget of ${num(budget * 100)} % at ${tiers.map((t) => `${t.burn}x`).join(" or ")} the sustainable rate.`,
    runbook: {
      meaning: page
        ? `At this rate the 30-day error budget of the SLO "${slo.promise}" is gone within days (14.4x: 2 % of the budget per hour). Users are affected now.`
        : `The SLO "${slo.promise}" is consuming its error budget faster than it can afford over 30 days; not urgent, but it will run out.`,
      checks: [
        "SLA dashboard: the SLI over 5m/1h/6h/1d windows - when did it start, which model or mode?",
        "The symptom alerts that usually accompany it: error-rate, latency, cache or upstream alerts.",
      ],
      fixes: ["Fix the cause behind the symptom alert; if the objective itself is wrong, change it (availability: alerts.thresholds.sloAvailabilityTarget; the others in alerts/slo/definitions.ts)."],
    },
  };
}

/**
 * Recording rules for every SLO's error ratio over each window, and its page and ticket alerts, evaluated every
 * `interval` (prometheus.windowedRulesInterval): the shortest window is 5 m and the alerts wait 2 m or more.
 */
export function sloGroups(ctx: RuleContext, interval: string | undefined): RuleGroup[] {
  const all = slos(ctx);
  const alerts = all.flatMap((slo) =>
    [true, false].flatMap((page) => {
      const tiers = reachable(slo, page);
      return tiers.length === 0 ? [] : [burnAlert(slo, page, tiers, ctx.thresholds.minRequestsPerSecond)];
    }),
  );
  return [
    { name: "slo-recording", file: "slo.yml", ...(interval ? { interval } : {}), rules: all.flatMap(sliRules) },
    { name: "slo-alerts", file: "slo.yml", ...(interval ? { interval } : {}), rules: alerts },
  ];
}
