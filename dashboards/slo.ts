import { BURN_WINDOWS, sloErrorRatio, slos } from "../alerts";
import { num } from "../alerts/promql";
import { durationSeconds, type StackConfig } from "../config";
import type { DashboardSpec } from "./dashboard";
import type { PanelSpec } from "./panel";
import { above, below } from "./thresholds";

/** Every alert window, shortest first. */
const WINDOWS = [...new Set(BURN_WINDOWS.flatMap((w) => [w.short, w.long]))].sort((a, b) => durationSeconds(a) - durationSeconds(b));

/**
 * Error-budget burn of every SLO in alerts/slo (seed 002's latency and cache targets, availability), read from
 * the recorded `slo:sli_error:ratio_rate<window>` series the burn-rate alerts use.
 */
export function sloDashboard(config: StackConfig): DashboardSpec {
  const fastest = BURN_WINDOWS[0]!;
  const slowest = BURN_WINDOWS[BURN_WINDOWS.length - 1]!;
  const panels: PanelSpec[] = slos(config.alerts).flatMap((slo): PanelSpec[] => {
    const budget = 1 - slo.objective;
    const sel = (w: string) => `${sloErrorRatio(w)}{slo="${slo.slug}"}`;
    return [
      {
        kind: "timeseries", title: `${slo.id}: burn rate`, unit: "short", min: 0, width: 16,
        description: `Bad-event ratio / error budget (${num(budget * 100)} %) over each alert window: 1 spends the 30-day budget exactly. ${slo.id}SLOBurnRatePage needs both windows of a tier above ${BURN_WINDOWS.filter((w) => w.page).map((w) => `${w.burn}x (${w.long}/${w.short})`).join(" or ")}; the ticket tiers are ${BURN_WINDOWS.filter((w) => !w.page).map((w) => `${w.burn}x (${w.long}/${w.short})`).join(" and ")}. SLO: ${slo.promise}.`,
        queries: WINDOWS.map((w) => ({ expr: `${sel(w)} / ${num(budget)}`, legend: w })),
        thresholds: above(slowest.burn, fastest.burn),
      },
      {
        kind: "stat", title: `${slo.id}: budget left (${slowest.long})`, unit: "percentunit", width: 8,
        description: `Share of the error budget not spent over the last ${slowest.long}; below 0 the objective (${num(slo.objective * 100)} %) is missed.`,
        queries: [{ expr: `1 - ${sel(slowest.long)} / ${num(budget)}`, legend: "budget left" }],
        thresholds: below(0, 0.25),
      },
    ];
  });
  return {
    uid: "llmobs-slo",
    title: "SLO Burn Rates",
    description: "Every SLO's error-budget burn over the multi-window multi-burn-rate alert windows, and the budget left.",
    origin: "SPEC 10 (SLOs as code), alerts/slo",
    tags: ["slo"],
    panels,
  };
}
