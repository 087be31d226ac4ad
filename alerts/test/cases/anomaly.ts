import { LLM_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { histogram, sel, type Observation, type Series } from "../series";

/**
 * Minutes of baseline before the change. The rules' baseline window is 1 d, but avg/stddev_over_time use
 * whatever history exists, so a few hours exercise the same expressions at a fraction of promtool's time.
 * It must stay well above 9x the minutes of change at eval time: a change lasting k of N minutes in the
 * window has a z-score of roughly sqrt(N / k).
 */
const BASELINE = 240;
const m1 = { model_id: "m1" };

/** A counter from per-minute increments, written out sample by sample. */
function counterOf(increments: readonly number[]): string {
  let total = 0;
  return [0, ...increments.map((i) => (total += i))].join(" ");
}

/** The baseline alternating between two values, then `after` for `minutes` minutes. */
function dayThen<T>(a: T, b: T, after: T, minutes: number): T[] {
  return [...Array.from({ length: BASELINE }, (_, i) => (i % 2 === 0 ? a : b)), ...Array.from({ length: minutes }, () => after)];
}

const requests = (increments: readonly number[]): Series => ({ [sel(LLM_METRICS.requestsTotal.name, m1)]: counterOf(increments) });
const ttft = (minutes: readonly Observation[][]): Series => histogram(LLM_METRICS.firstTokenLatencyMs, m1, minutes);
const at60 = [{ value: 60, count: 60 }];
const at80 = [{ value: 80, count: 60 }];

/** A baseline, then a change; rules evaluated every 5 m, which keeps hours of history cheap in promtool. */
const slow = { evaluationInterval: "5m" } as const;

export const anomalyCases: AlertCase[] = [
  { ...slow, name: "request rate jumps 5x", alert: "RequestRateAnomaly", series: requests(dayThen(10, 12, 60, 30)), at: `${BASELINE + 20}m`, fires: [{ source: "exporter" }] },
  { ...slow, name: "request rate within its daily range", alert: "RequestRateAnomaly", series: requests(dayThen(10, 12, 12, 30)), at: `${BASELINE + 20}m`, fires: [] },
  {
    ...slow, name: "a 10 % wobble on a flat baseline is many sigmas but not material", alert: "RequestRateAnomaly", at: `${BASELINE + 20}m`, fires: [],
    series: requests(dayThen(10, 10, 11, 30)),
  },
  {
    ...slow, name: "TTFT p95 jumps from ~97 ms to ~490 ms", alert: "FirstTokenLatencyAnomaly", at: `${BASELINE + 20}m`, fires: [{ model_id: "m1", source: "exporter" }],
    series: ttft(dayThen(at60, at80, [{ value: 400, count: 60 }], 30)),
  },
  { ...slow, name: "TTFT p95 within its daily range", alert: "FirstTokenLatencyAnomaly", at: `${BASELINE + 20}m`, fires: [], series: ttft(dayThen(at60, at80, at80, 20)) },
];
