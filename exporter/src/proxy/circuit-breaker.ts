/** Circuit breaker states, numbered as `llm_circuit_breaker_state` exposes them (seed 001's 0/1/2). */
export const BreakerState = { Closed: 0, Open: 1, HalfOpen: 2 } as const;
export type BreakerState = (typeof BreakerState)[keyof typeof BreakerState];

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive upstream failures that open the breaker. Defaults to 5 (LLMOBS_CB_FAILURE_THRESHOLD). */
  failureThreshold: number;
  /** How long the breaker stays open before letting one probe through, in milliseconds. Defaults to 30000. */
  openMs: number;
  /** Called on every state change, to update the gauge. Defaults to doing nothing. */
  onStateChange?: (state: BreakerState) => void;
  /** Clock in milliseconds. Defaults to `Date.now`. */
  now?: () => number;
}

/**
 * Per-upstream breaker: closed -> open after N consecutive failures -> after the open period, half-open
 * admits exactly one probe -> closed on its success, open again on its failure. While open (or while the
 * probe is out) requests fail fast instead of piling onto a dead upstream.
 */
export class CircuitBreaker {
  private current: BreakerState = BreakerState.Closed;
  private failures = 0;
  private openedAt = 0;
  private probeOut = false;
  private readonly now: () => number;

  constructor(private readonly opts: CircuitBreakerOptions) {
    this.now = opts.now ?? Date.now;
    opts.onStateChange?.(this.current);
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Whether a request may go to the upstream now; a `true` must be followed by exactly one of success/failure/release. */
  tryAcquire(): boolean {
    if (this.current === BreakerState.Closed) return true;
    if (this.current === BreakerState.Open) {
      if (this.now() - this.openedAt < this.opts.openMs) return false;
      this.set(BreakerState.HalfOpen);
    }
    if (this.probeOut) return false;
    this.probeOut = true;
    return true;
  }

  /** The upstream answered sanely. */
  success(): void {
    this.failures = 0;
    this.probeOut = false;
    if (this.current !== BreakerState.Closed) this.set(BreakerState.Closed);
  }

  /** The upstream failed (5xx, timeout, refused, reset, malformed). */
  failure(): void {
    this.probeOut = false;
    this.failures++;
    if (this.current === BreakerState.HalfOpen || this.failures >= this.opts.failureThreshold) {
      this.openedAt = this.now();
      if (this.current !== BreakerState.Open) this.set(BreakerState.Open);
    }
  }

  /** The call ended without telling anything about the upstream (the client left): frees the probe slot. */
  release(): void {
    this.probeOut = false;
  }

  private set(s: BreakerState): void {
    this.current = s;
    this.opts.onStateChange?.(s);
  }
}
