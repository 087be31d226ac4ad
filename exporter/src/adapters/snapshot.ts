import type { Sample } from "./prom-text";

/**
 * What one backend reports, in the catalog's vocabulary. Absent fields mean the backend does not expose
 * that signal (not zero). Counters (`preemptionsTotal`, cache hits/misses) are the backend's cumulative
 * values; the scraper turns them into deltas.
 */
export interface BackendSnapshot {
  /** Requests waiting in the backend scheduler queue. */
  queueLength?: number;
  /** Requests being processed now. */
  runningRequests?: number;
  /** Sequences in the current decode batch. */
  batchSize?: number;
  /** Cumulative scheduler preemptions. */
  preemptionsTotal?: number;
  /** Cumulative cache hits by cache type (`prefix`, `kv`, ...). */
  cacheHits?: Record<string, number>;
  /** Cumulative cache misses by cache type. */
  cacheMisses?: Record<string, number>;
  /** Models loaded. */
  modelsLoaded?: number;
  /** Memory per loaded model, in MiB. */
  modelMemoryMb?: Record<string, number>;
}

/** Sum of every sample of the first name in `names` that has any samples; undefined when none has. */
export function sumFirst(samples: readonly Sample[], names: readonly string[]): number | undefined {
  for (const name of names) {
    const matching = samples.filter((s) => s.name === name);
    if (matching.length > 0) return matching.reduce((sum, s) => sum + s.value, 0);
  }
  return undefined;
}

/** Drops undefined fields so snapshots compare and spread cleanly. */
export function compact(snapshot: BackendSnapshot): BackendSnapshot {
  return Object.fromEntries(Object.entries(snapshot).filter(([, v]) => v !== undefined)) as BackendSnapshot;
}
