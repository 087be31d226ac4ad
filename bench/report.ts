import { spread, type LatencySummary } from "./stats";
import type { WrkResult } from "./wrk";

/**
 * Who served the requests: the simulator itself, or nginx, a bare Node byte relay (the floor of any Node proxy) or
 * the exporter in front of it.
 */
export type Target = "direct" | "nginx" | "relay" | "exporter";
export const TARGETS: readonly Target[] = ["direct", "nginx", "relay", "exporter"];

/** Response mode of the chat completion. */
export type Mode = "unary" | "stream";

/** One fixed-rate latency run (hey). */
export interface LatencyRun {
  mode: Mode;
  /** Load shape, e.g. `c16 @512/s`. */
  load: string;
  target: Target;
  latency: LatencySummary;
  /** Requests without a 2xx answer. */
  errors: number;
}

/** One saturation run (wrk). */
export interface ThroughputRun {
  mode: Mode;
  /** Load shape, e.g. `c64`. */
  load: string;
  target: Target;
  /** Which round of the interleaved measurement (targets take turns in each round). */
  round: number;
  result: WrkResult;
}

/** Added latency of a proxy over direct, and how the exporter compares with nginx, for one mode and load. */
export interface LatencyComparison {
  mode: Mode;
  load: string;
  directP50: number;
  directP99: number;
  nginxAddedP50: number;
  nginxAddedP99: number;
  relayAddedP50: number;
  relayAddedP99: number;
  exporterAddedP50: number;
  exporterAddedP99: number;
  /** Exporter added p99 / nginx added p99; undefined when nginx added nothing measurable (ratio meaningless). */
  addedP99Ratio: number | undefined;
}

/** Throughput of every target for one mode, and the exporter's share of nginx's. */
export interface ThroughputComparison {
  mode: Mode;
  load: string;
  direct: number;
  nginx: number;
  relay: number;
  exporter: number;
  /** Exporter req/s / nginx req/s (each the mean over rounds). */
  ratio: number;
  /** Spread of the per-round ratios, (max - min) / median. */
  ratioSpread: number | undefined;
}

/** hey reports 0.1 ms; an added latency below it is noise, and dividing by it would print nonsense. */
const RESOLUTION_MS = 0.1;

function find<T extends { mode: Mode; load: string; target: Target }>(runs: readonly T[], mode: Mode, load: string, target: Target): T {
  const run = runs.find((r) => r.mode === mode && r.load === load && r.target === target);
  if (!run) throw new Error(`no ${target} run for ${mode} ${load}`);
  return run;
}

function groups<T extends { mode: Mode; load: string }>(runs: readonly T[]): { mode: Mode; load: string }[] {
  const seen = new Map<string, { mode: Mode; load: string }>();
  for (const r of runs) seen.set(`${r.mode} ${r.load}`, { mode: r.mode, load: r.load });
  return [...seen.values()];
}

export function compareLatency(runs: readonly LatencyRun[]): LatencyComparison[] {
  return groups(runs).map(({ mode, load }) => {
    const [d, n, r, e] = TARGETS.map((t) => find(runs, mode, load, t).latency) as [LatencySummary, LatencySummary, LatencySummary, LatencySummary];
    const nginxAddedP99 = n.p99 - d.p99;
    return {
      mode, load, directP50: d.p50, directP99: d.p99,
      nginxAddedP50: n.p50 - d.p50, nginxAddedP99,
      relayAddedP50: r.p50 - d.p50, relayAddedP99: r.p99 - d.p99,
      exporterAddedP50: e.p50 - d.p50, exporterAddedP99: e.p99 - d.p99,
      addedP99Ratio: nginxAddedP99 >= RESOLUTION_MS ? (e.p99 - d.p99) / nginxAddedP99 : undefined,
    };
  });
}

export function compareThroughput(runs: readonly ThroughputRun[]): ThroughputComparison[] {
  return groups(runs).map(({ mode, load }) => {
    const mine = runs.filter((r) => r.mode === mode && r.load === load);
    const rounds = [...new Set(mine.map((r) => r.round))];
    const rps = (target: Target, round?: number) => {
      const of = mine.filter((r) => r.target === target && (round === undefined || r.round === round));
      if (of.length === 0) throw new Error(`no ${target} run for ${mode} ${load}`);
      return of.reduce((s, r) => s + r.result.requestsPerSecond, 0) / of.length;
    };
    const [direct, nginx, relay, exporter] = TARGETS.map((t) => rps(t)) as [number, number, number, number];
    return { mode, load, direct, nginx, relay, exporter, ratio: exporter / nginx, ratioSpread: spread(rounds.map((r) => rps("exporter", r) / rps("nginx", r))) };
  });
}

const ms = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(2)}`;
const ratio = (v: number | undefined) => (v === undefined ? "n/a" : `${v.toFixed(2)}x`);
/** A spread as a percentage. */
export const pct = (v: number | undefined) => (v === undefined ? "n/a" : `${(v * 100).toFixed(1)} %`);

/** A fixed-width text table: header row, rule, rows. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function latencyTable(rows: readonly LatencyComparison[]): string {
  return table(
    ["latency (ms)", "direct p50", "direct p99", "nginx +p50", "nginx +p99", "relay +p50", "relay +p99", "exporter +p50", "exporter +p99", "exp/nginx +p99"],
    rows.map((r) => [`${r.mode} ${r.load}`, r.directP50.toFixed(2), r.directP99.toFixed(2), ms(r.nginxAddedP50), ms(r.nginxAddedP99),
      ms(r.relayAddedP50), ms(r.relayAddedP99), ms(r.exporterAddedP50), ms(r.exporterAddedP99), ratio(r.addedP99Ratio)]),
  );
}

export function throughputTable(rows: readonly ThroughputComparison[]): string {
  return table(
    ["throughput (req/s)", "direct", "nginx", "relay", "exporter", "exporter/nginx", "ratio spread"],
    rows.map((r) => [`${r.mode} ${r.load}`, r.direct.toFixed(0), r.nginx.toFixed(0), r.relay.toFixed(0), r.exporter.toFixed(0), ratio(r.ratio), pct(r.ratioSpread)]),
  );
}
