import type { Logger } from "pino";

/** Circuit breaker states, numbered as `llm_circuit_breaker_state` exposes them (seed 001's 0/1/2). */
export const BreakerState = { Closed: 0, Open: 1, HalfOpen: 2 } as const;
export type BreakerState = (typeof BreakerState)[keyof typeof BreakerState];

/** How logs name each state. */
export const BREAKER_STATE_NAMES: Record<BreakerState, string> = { 0: "closed", 1: "open", 2: "half-open" };

/** One state change of a breaker, for the log. */
export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  /**
   * Why: `failure_threshold` (closed -> open), `open_period_over` (open -> half-open), `probe_succeeded` /
   * `probe_failed` (half-open -> closed / open), `request_succeeded` (open -> closed: a request let through
   * before the breaker opened answered after it did).
   */
  reason: "failure_threshold" | "open_period_over" | "probe_succeeded" | "probe_failed" | "request_succeeded";
  /** Consecutive upstream failures counted at the change (before a success resets them). */
  consecutiveFailures: number;
}

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive upstream failures that open the breaker. Defaults to 5 (LLMOBS_CB_FAILURE_THRESHOLD). */
  failureThreshold: number;
  /** How long the breaker stays open before letting one probe through, in milliseconds. Defaults to 30000. */
  openMs: number;
  /** Called with the initial state and on every state change, to update the gauge. Defaults to doing nothing. */
  onStateChange?: (state: BreakerState) => void;
  /** Called on every state change with where from and why, to log it. Defaults to doing nothing. */
  onTransition?: (transition: BreakerTransition) => void;
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
      this.set(BreakerState.HalfOpen, "open_period_over");
    }
    if (this.probeOut) return false;
    this.probeOut = true;
    return true;
  }

  /**
   * Whole seconds until the breaker lets a probe through (for `Retry-After`), at least 1: while a probe is out,
   * its answer decides, so "soon".
   */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.opts.openMs - this.now()) / 1000));
  }

  /** The upstream answered sanely. */
  success(): void {
    this.probeOut = false;
    if (this.current !== BreakerState.Closed) {
      this.set(BreakerState.Closed, this.current === BreakerState.HalfOpen ? "probe_succeeded" : "request_succeeded");
    }
    this.failures = 0;
  }

  /** The upstream failed (5xx, timeout, refused, reset, malformed). */
  failure(): void {
    this.probeOut = false;
    this.failures++;
    if (this.current === BreakerState.HalfOpen || this.failures >= this.opts.failureThreshold) {
      this.openedAt = this.now();
      if (this.current !== BreakerState.Open) this.set(BreakerState.Open, this.current === BreakerState.HalfOpen ? "probe_failed" : "failure_threshold");
    }
  }

  /** The call ended without telling anything about the upstream (the client left): frees the probe slot. */
  release(): void {
    this.probeOut = false;
  }

  private set(to: BreakerState, reason: BreakerTransition["reason"]): void {
    const from = this.current;
    this.current = to;
    this.opts.onStateChange?.(to);
    this.opts.onTransition?.({ from, to, reason, consecutiveFailures: this.failures });
  }
}

/** The `msg` of a breaker's log lines. */
export const BREAKER_LOG_MESSAGE = "circuit breaker state changed";

/** One log line per state change: a warning when the breaker opens, info otherwise. */
export function logBreakerTransition(logger: Logger, upstream: string, t: BreakerTransition): void {
  const line = { upstream, from: BREAKER_STATE_NAMES[t.from], to: BREAKER_STATE_NAMES[t.to], reason: t.reason, consecutive_failures: t.consecutiveFailures };
  if (t.to === BreakerState.Open) logger.warn(line, BREAKER_LOG_MESSAGE);
  else logger.info(line, BREAKER_LOG_MESSAGE);
}
