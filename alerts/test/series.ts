import type { MetricDef } from "../../catalog";

/** Input series for promtool: selector -> values in promtool's expanding notation, one sample per minute. */
export type Series = Record<string, string>;

/** `name{a="x", b="y"}` with labels in the given order. */
export function sel(name: string, labels: Record<string, string> = {}): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(",")}}`;
}

/** A gauge holding `value` for `minutes` minutes. */
export function gauge(value: number, minutes: number): string {
  return `${value}+0x${minutes}`;
}

/** A counter growing by `perMinute` during each segment of `minutes` minutes, e.g. traffic that then stops. */
export function counter(...segments: [perMinute: number, minutes: number][]): string {
  let value = 0;
  return segments
    .map(([perMinute, minutes], i) => {
      // The first segment also writes the t=0 sample; later ones continue from the previous value.
      const text = i === 0 ? `0+${perMinute}x${minutes}` : `${value + perMinute}+${perMinute}x${minutes - 1}`;
      value += perMinute * minutes;
      return text;
    })
    .join(" ");
}

/** Observations made in one minute: `count` requests that each took `value` (in the histogram's unit). */
export interface Observation {
  readonly value: number;
  readonly count: number;
}

/** How a client spells a bucket bound: Go and prom-client `4`, Python's prometheus_client `4.0`. */
export type LeStyle = "go" | "python";

function leText(bound: number, style: LeStyle): string {
  return style === "python" && Number.isInteger(bound) ? bound.toFixed(1) : String(bound);
}

/**
 * The `_bucket`, `_count` and `_sum` series of a histogram family (buckets from the catalog) after the given
 * observations, one entry of `minutes` per minute.
 */
export function histogram(def: MetricDef, labels: Record<string, string>, minutes: readonly (readonly Observation[])[], style: LeStyle = "go"): Series {
  const bounds = [...(def.buckets ?? []), Number.POSITIVE_INFINITY];
  const cumulative = (f: (o: Observation) => number) => {
    let total = 0;
    return [0, ...minutes.map((obs) => (total += obs.reduce((s, o) => s + f(o), 0)))].join(" ");
  };
  const out: Series = {};
  for (const b of bounds) {
    const le = b === Number.POSITIVE_INFINITY ? "+Inf" : leText(b, style);
    out[sel(`${def.name}_bucket`, { ...labels, le })] = cumulative((o) => (o.value <= b ? o.count : 0));
  }
  out[sel(`${def.name}_count`, labels)] = cumulative((o) => o.count);
  out[sel(`${def.name}_sum`, labels)] = cumulative((o) => o.value * o.count);
  return out;
}

/** `minutes` minutes of the same observations. */
export function steady(minutes: number, ...obs: Observation[]): Observation[][] {
  return Array.from({ length: minutes }, () => obs);
}
