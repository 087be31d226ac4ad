import { labelText } from "./fleet";

/** A series to backfill: its name, its full label set (instance and job included) and its value at a Unix time. */
export interface HistorySeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Seconds of history it needs (the longest range any rule or query reads it over). */
  readonly reach: number;
  /** Seconds between its samples, when not the `step` the history is written at (a series recorded less often). */
  readonly step?: number;
  valueAt(unixSeconds: number): number;
}

/**
 * OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: every series' samples from `end - reach`
 * to `end` every `step` seconds (or its own step), series after series, then `# EOF`. Yields chunks so a file of millions of
 * samples is written without holding it in memory.
 */
export function* openMetricsHistory(series: Iterable<HistorySeries>, end: number, defaultStep: number): Generator<string> {
  for (const s of series) {
    const step = s.step ?? defaultStep;
    const last = Math.floor(end / step) * step;
    const head = `${s.name}${labelText(s.labels)} `;
    const lines: string[] = [];
    for (let t = last - Math.ceil(s.reach / step) * step; t <= last; t += step) lines.push(`${head}${s.valueAt(t)} ${t}`);
    yield `${lines.join("\n")}\n`;
  }
  yield "# EOF\n";
}
