/** Something to do once the current event-loop turn's I/O is done. */
export interface Deferrable {
  runDeferred(): void;
}

/**
 * Runs per-request bookkeeping (metrics, the request log line, the audit record) in the event loop's check
 * phase, after every I/O callback of the current turn. When a burst of upstream answers arrives in one turn,
 * all of them reach their clients before any of their bookkeeping runs, so the last client of the burst does
 * not wait behind the log lines of the others. Bookkeeping still runs in the same turn, before any client
 * could read its answer and ask for /metrics.
 */
export class DeferredQueue {
  private pending: Deferrable[] = [];
  private scheduled = false;

  constructor(private readonly onError: (err: unknown) => void) {}

  add(item: Deferrable): void {
    this.pending.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.run);
    }
  }

  /** Runs everything queued now (shutdown uses this so nothing queued is lost). */
  readonly run = (): void => {
    const items = this.pending;
    this.pending = [];
    this.scheduled = false;
    for (const item of items) {
      try {
        item.runDeferred();
      } catch (err) {
        this.onError(err);
      }
    }
  };
}
