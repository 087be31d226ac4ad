import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";

/** Threshold colours: healthy, warning, critical (Grafana's named palette). */
const GREEN = "green";
const YELLOW = "#EAB839";
const RED = "red";

/** A threshold line on a panel, in the panel's unit. */
export type Steps = dashboard.Threshold[];

/**
 * Steps for a value that is bad when high: green below `warning`, yellow from it, red from `critical`. Panels take
 * `warning`/`critical` from the same `alerts.thresholds` keys the alert rules use, so changing a key moves both.
 */
export function above(warning: number, critical?: number): Steps {
  return [
    { value: null, color: GREEN },
    { value: warning, color: critical === undefined ? RED : YELLOW },
    ...(critical === undefined ? [] : [{ value: critical, color: RED }]),
  ];
}

/** Steps for a value that is bad when low: red below `critical`, yellow below `warning` (when given), green above. */
export function below(critical: number, warning?: number): Steps {
  return [
    { value: null, color: RED },
    ...(warning === undefined ? [] : [{ value: critical, color: YELLOW }]),
    { value: warning ?? critical, color: GREEN },
  ];
}

/** No alert watches the value: one neutral step (Grafana still needs a base colour). */
export const NEUTRAL: Steps = [{ value: null, color: GREEN }];
