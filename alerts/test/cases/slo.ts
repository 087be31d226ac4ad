import { ENSEMBLE_METRICS, LLM_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { counter, histogram, sel, steady, type Observation, type Series } from "../series";

const m1 = { model_id: "m1" };

/** Seed 000 traffic: 600 requests/min of which `failedPerMinute` fail. */
const availability = (failedPerMinute: number): Series => ({
  [sel(LLM_METRICS.requestsTotal.name, m1)]: counter([600, 40]),
  [sel(LLM_METRICS.failuresTotal.name, { ...m1, error: "upstream_5xx" })]: counter([failedPerMinute, 40]),
});
/** Seed 002 latency of one mode, exposed the way Python's client writes bucket bounds (`le="4.0"`). */
const latency = (mode: string, ...obs: Observation[]): Series =>
  histogram(ENSEMBLE_METRICS.inferenceDurationSeconds, { model: "qwen", mode }, steady(40, ...obs), "python");
const cache = (hitsPerMinute: number, missesPerMinute: number): Series => ({
  [sel(LLM_METRICS.cacheHitsTotal.name, { cache_type: "prefix" })]: counter([hitsPerMinute, 40]),
  [sel(LLM_METRICS.cacheMissesTotal.name, { cache_type: "prefix" })]: counter([missesPerMinute, 40]),
});

const slo = (name: string) => [{ slo: name }];

/**
 * Multi-window multi-burn-rate alerts. Budgets: availability 0.5 % (page above 7.2 % / 3 %, ticket above
 * 1.5 % / 0.5 %), latency 5 % (page above 72 % / 30 %, ticket above 15 % / 5 %), cache 20 % (ticket only,
 * above 60 % / 20 %).
 */
export const sloCases: AlertCase[] = [
  { name: "20 % failing pages", alert: "AvailabilitySLOBurnRatePage", series: availability(120), at: "10m", fires: slo("availability") },
  { name: "2 % failing does not page", alert: "AvailabilitySLOBurnRatePage", series: availability(12), at: "10m", fires: [] },
  {
    name: "1 of 2 requests failing at 0.007 req/s does not page", alert: "AvailabilitySLOBurnRatePage", at: "10m", fires: [],
    series: {
      [sel(LLM_METRICS.requestsTotal.name, m1)]: counter([0.4, 40]),
      [sel(LLM_METRICS.failuresTotal.name, { ...m1, error: "upstream_5xx" })]: counter([0.2, 40]),
    },
  },
  { name: "2 % failing opens a ticket", alert: "AvailabilitySLOBurnRateTicket", series: availability(12), at: "30m", fires: slo("availability") },
  { name: "0.1 % failing is within budget", alert: "AvailabilitySLOBurnRateTicket", series: availability(0.6), at: "30m", fires: [] },

  { name: "all fast requests slower than 2.5 s pages", alert: "FastModeLatencySLOBurnRatePage", series: latency("fast", { value: 3, count: 60 }), at: "10m", fires: slo("fast_latency") },
  { name: "fast requests at 1 s do not page", alert: "FastModeLatencySLOBurnRatePage", series: latency("fast", { value: 1, count: 60 }), at: "10m", fires: [] },
  {
    name: "10 % of fast requests slow opens a ticket", alert: "FastModeLatencySLOBurnRateTicket", at: "30m", fires: slo("fast_latency"),
    series: latency("fast", { value: 1, count: 54 }, { value: 3, count: 6 }),
  },
  {
    name: "1 % of fast requests slow is within budget", alert: "FastModeLatencySLOBurnRateTicket", at: "30m", fires: [],
    series: latency("fast", { value: 1, count: 99 }, { value: 3, count: 1 }),
  },
  {
    name: "creative requests at 3 s are fine for the 4 s target", alert: "FastModeLatencySLOBurnRatePage", at: "10m", fires: [],
    series: latency("creative", { value: 3, count: 60 }),
  },

  { name: "all creative requests slower than 4 s pages", alert: "CreativeModeLatencySLOBurnRatePage", series: latency("creative", { value: 5, count: 60 }), at: "10m", fires: slo("creative_latency") },
  { name: "creative requests at 3 s do not page", alert: "CreativeModeLatencySLOBurnRatePage", series: latency("creative", { value: 3, count: 60 }), at: "10m", fires: [] },
  {
    name: "10 % of creative requests slow opens a ticket", alert: "CreativeModeLatencySLOBurnRateTicket", at: "30m", fires: slo("creative_latency"),
    series: latency("creative", { value: 3, count: 54 }, { value: 5, count: 6 }),
  },
  {
    name: "exactly 4 s is within the creative target (le=\"4.0\" bucket)", alert: "CreativeModeLatencySLOBurnRateTicket", at: "30m", fires: [],
    series: latency("creative", { value: 4, count: 60 }),
  },

  { name: "30 % cache hits opens a ticket", alert: "CacheHitRatioSLOBurnRateTicket", series: cache(30, 70), at: "30m", fires: slo("cache_hit_ratio") },
  { name: "90 % cache hits is within budget", alert: "CacheHitRatioSLOBurnRateTicket", series: cache(90, 10), at: "30m", fires: [] },
];
