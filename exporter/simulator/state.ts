import { mulberry32 } from "./prng";
import type { ResolvedSimulatorOptions } from "./options";
import type { SimulatorStats } from "./vllm-metrics";

/** Distinct prefixes remembered by the simulated prefix cache before it starts over. */
const PREFIX_CACHE_ENTRIES = 1024;

/**
 * Mutable state shared by all requests of one simulator: the seeded PRNG, load accounting and the timers
 * still pending (so close() can cancel them instead of keeping the process alive).
 */
export class SimulatorState {
  readonly random: () => number;
  readonly stats: SimulatorStats = {
    requestsTotal: 0, inFlight: 0, running: 0, waiting: 0, preemptionsTotal: 0, promptTokensTotal: 0,
    completionTokensTotal: 0, prefixCacheQueriesTotal: 0, prefixCacheHitsTotal: 0, errorsTotal: 0, faults: {},
  };
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly prefixes = new Set<string>();
  private nextId = 1;

  constructor(readonly options: ResolvedSimulatorOptions) {
    this.random = mulberry32(options.seed);
  }

  /** A request id unique within this simulator (`chatcmpl-sim-1`, ...). */
  id(prefix: string): string {
    return `${prefix}-sim-${this.nextId++}`;
  }

  /** Counts a request into the batch; returns the function that takes it out again. */
  admit(): () => void {
    const s = this.stats;
    s.requestsTotal++;
    if (s.inFlight >= this.options.maxBatch) s.preemptionsTotal++;
    s.inFlight++;
    this.updateBatch();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      s.inFlight--;
      this.updateBatch();
    };
  }

  private updateBatch(): void {
    this.stats.running = Math.min(this.stats.inFlight, this.options.maxBatch);
    this.stats.waiting = this.stats.inFlight - this.stats.running;
  }

  /** Records prompt tokens and whether the prefix (first message or prompt) was seen before. */
  recordPrompt(promptTokens: number, prefix: string, prefixTokens: number): void {
    const s = this.stats;
    s.promptTokensTotal += promptTokens;
    s.prefixCacheQueriesTotal += promptTokens;
    if (this.prefixes.has(prefix)) s.prefixCacheHitsTotal += Math.min(prefixTokens, promptTokens);
    else {
      if (this.prefixes.size >= PREFIX_CACHE_ENTRIES) this.prefixes.clear();
      this.prefixes.add(prefix);
    }
  }

  recordFault(mode: string): void {
    this.stats.faults[mode] = (this.stats.faults[mode] ?? 0) + 1;
  }

  /** `base` ms plus uniform jitter in [-jitterMs, +jitterMs], never negative. */
  jittered(base: number): number {
    const j = this.options.jitterMs;
    return j === 0 ? base : Math.max(0, base + j * (this.random() * 2 - 1));
  }

  /** Resolves after `ms`; at 0 it resolves without a timer, which keeps the zero-latency path fast. */
  wait(ms: number): Promise<void> | undefined {
    if (ms <= 0) return undefined;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Cancels pending waits; their requests are abandoned, as their sockets are being closed. */
  cancelTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
