import type { MetricDef } from "../catalog";
import type { ModelThresholds } from "../config";
import type { RuleContext } from "./types";

/** Series names of a histogram family, read from the catalog so no metric name is retyped. */
export const bucket = (def: MetricDef): string => `${def.name}_bucket`;
export const sumOf = (def: MetricDef): string => `${def.name}_sum`;
export const countOf = (def: MetricDef): string => `${def.name}_count`;

/** `name{m1, m2}`, or `name` when there are no matchers. */
export function selector(name: string, matchers: readonly string[] = []): string {
  return matchers.length === 0 ? name : `${name}{${matchers.join(", ")}}`;
}

/** Escapes a literal for a PromQL regex matcher inside a double-quoted PromQL string. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.\\+*?()|[\]{}^$]/g, (c) => `\\\\${c}`);
}

/** A number as PromQL text, without binary floating-point noise (0.1 * 3 -> 0.3). */
export function num(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/**
 * `bound`, after checking it is a bucket bound of the histogram: histogram_quantile() interpolates inside a
 * bucket, so a threshold between bounds would fire at a different latency than the one written.
 */
export function bucketBound(def: MetricDef, bound: number): number {
  if (!def.buckets?.includes(bound)) {
    throw new Error(`${bound} is not a bucket bound of ${def.name} (bounds: ${def.buckets?.join(", ") ?? "none"})`);
  }
  return bound;
}

/**
 * A `le` matcher for one bucket bound that works whichever client exposed it: Go and prom-client write
 * `le="4"`, Python's prometheus_client writes `le="4.0"` (Prometheus 2.x does not normalise them).
 */
export function leMatcher(def: MetricDef, bound: number): string {
  const text = escapeRegex(String(bucketBound(def, bound)));
  return Number.isInteger(bound) ? `le=~"${text}(\\\\.0)?"` : `le="${bound}"`;
}

/** Options of {@link perModelThreshold}. */
export interface PerModelThreshold {
  /** Recorded or raw series name carrying a `model_id` label. */
  readonly series: string;
  /** Extra matchers applied to every branch. Defaults to none. */
  readonly matchers?: readonly string[];
  /** Fires above (`>`) or below (`<`) the threshold. */
  readonly op: ">" | "<";
  /** The threshold key, in config.alerts.thresholds and in each modelOverrides entry. */
  readonly key: keyof ModelThresholds;
  /** Converts the configured value to the series' unit (ms thresholds on second-valued series: 0.001). Defaults to 1. */
  readonly scale?: number;
}

/**
 * `series op threshold` where every model with an override of `key` is judged by its own value and all other
 * models by the default: one `or` branch per overridden model plus a default branch that excludes them by
 * regex. Literal thresholds keep each branch readable in the rule file and in promtool's output, which a
 * threshold-as-series join (`> on(model_id) group_left`) would not.
 */
export function perModelThreshold(ctx: RuleContext, t: PerModelThreshold): string {
  const matchers = t.matchers ?? [];
  const scale = t.scale ?? 1;
  const overridden = Object.entries(ctx.modelOverrides)
    .flatMap(([model, o]) => (o[t.key] === undefined ? [] : [[model, o[t.key]!] as const]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const branches = overridden.map(([model, v]) => `${selector(t.series, [...matchers, `model_id="${model}"`])} ${t.op} ${num(v * scale)}`);
  const rest = overridden.length === 0 ? matchers : [...matchers, `model_id!~"${overridden.map(([m]) => escapeRegex(m)).join("|")}"`];
  branches.push(`${selector(t.series, rest)} ${t.op} ${num(ctx.thresholds[t.key] * scale)}`);
  return branches.join("\nor\n");
}
