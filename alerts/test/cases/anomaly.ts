import { LLM_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { histogram, sel, type Observation, type Series } from "../series";

const DAY = 1440;
const m1 = { model_id: "m1" };

/** A counter from per-minute increments, written out sample by sample. */
function counterOf(increments: readonly number[]): string {
  let total = 0;
  return [0, ...increments.map((i) => (total += i))].join(" ");
}

/** A day alternating between two values, then `after` for `minutes` minutes. */
function dayThen<T>(a: T, b: T, after: T, minutes: number): T[] {
  return [...Array.from({ length: DAY }, (_, i) => (i % 2 === 0 ? a : b)), ...Array.from({ length: minutes }, () => after)];
}

const requests = (increments: readonly number[]): Series => ({ [sel(LLM_METRICS.requestsTotal.name, m1)]: counterOf(increments) });
const ttft = (minutes: readonly Observation[][]): Series => histogram(LLM_METRICS.firstTokenLatencyMs, m1, minutes);
const at60 = [{ value: 60, count: 60 }];
const at80 = [{ value: 80, count: 60 }];

/** A day of baseline, then a change; the z-scores use the 1 d window, so the cases span a day. */
export const anomalyCases: AlertCase[] = [
  { name: "request rate jumps 5x after a day", alert: "RequestRateAnomaly", series: requests(dayThen(10, 12, 60, 20)), at: `${DAY + 15}m`, fires: [{ source: "exporter" }] },
  { name: "request rate within its daily range", alert: "RequestRateAnomaly", series: requests(dayThen(10, 12, 12, 20)), at: `${DAY + 15}m`, fires: [] },
  {
    name: "a 10 % wobble on a flat baseline is many sigmas but not material", alert: "RequestRateAnomaly", at: `${DAY + 15}m`, fires: [],
    series: requests(dayThen(10, 10, 11, 20)),
  },
  {
    name: "TTFT p95 jumps from ~97 ms to ~490 ms", alert: "FirstTokenLatencyAnomaly", at: `${DAY + 15}m`, fires: [{ model_id: "m1", source: "exporter" }],
    series: ttft(dayThen(at60, at80, [{ value: 400, count: 60 }], 20)),
  },
  { name: "TTFT p95 within its daily range", alert: "FirstTokenLatencyAnomaly", at: `${DAY + 15}m`, fires: [], series: ttft(dayThen(at60, at80, at80, 20)) },
];
