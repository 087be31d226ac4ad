/**
 * Turns a backend's cumulative counters into increments for our own counters. The first value seen for a
 * key is only a baseline: adding a backend's lifetime total at once would show as a spike in rate(). A
 * value below the previous one means the backend restarted, so the new value is all counted since then.
 */
export class CounterDeltas {
  private readonly last = new Map<string, number>();

  /** The increment since the previous value of `key`; 0 on first sight and for non-finite values. */
  delta(key: string, value: number): number {
    if (!Number.isFinite(value) || value < 0) return 0;
    const previous = this.last.get(key);
    this.last.set(key, value);
    if (previous === undefined) return 0;
    return value >= previous ? value - previous : value;
  }
}
