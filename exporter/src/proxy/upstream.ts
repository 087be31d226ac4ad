import type { UpstreamConfig } from "../config";
import { UpstreamPool } from "../http1";
import { CircuitBreaker, type BreakerState, type BreakerTransition } from "./circuit-breaker";

/** Options of {@link Upstream}. */
export interface UpstreamOptions {
  /** TCP connect timeout in milliseconds. Defaults to 2000 (LLMOBS_CONNECT_TIMEOUT_MS). */
  connectMs: number;
  /** Time allowed until the response headers arrive, in milliseconds: pass it with each request. Defaults to 60000 (LLMOBS_FIRST_BYTE_TIMEOUT_MS). */
  firstByteMs: number;
  /** Longest silence between two body chunks, in milliseconds: pass it with each request. Defaults to 30000 (LLMOBS_IDLE_TIMEOUT_MS). */
  idleMs: number;
  /** Consecutive failures that open the circuit breaker. Defaults to 5. */
  failureThreshold: number;
  /** Seconds the breaker stays open before a half-open probe. Defaults to 30. */
  openSeconds: number;
  /** How long a readiness probe result is reused, in milliseconds. Defaults to 5000. */
  probeCacheMs?: number;
  /** Receives breaker state changes (for `llm_circuit_breaker_state`). Defaults to doing nothing. */
  onBreakerState?: (state: BreakerState) => void;
  /** Receives each breaker state change with its cause (for the log). Defaults to doing nothing. */
  onBreakerTransition?: (transition: BreakerTransition) => void;
  /** Receives probe results (for `llm_upstream_up`). Defaults to doing nothing. */
  onProbe?: (up: boolean) => void;
}

/** One upstream LLM server: a keep-alive connection pool, its circuit breaker and a cached reachability probe. */
export class Upstream {
  readonly pool: UpstreamPool;
  readonly breaker: CircuitBreaker;
  /** Path prefix of the configured URL, without a trailing `/v1` (requests already carry `/v1/...`). */
  readonly pathPrefix: string;
  /** Host and port of the upstream, for span attributes. */
  readonly host: string;
  readonly port: number;
  /** First-byte and idle timeouts of inference requests, in milliseconds. */
  readonly firstByteMs: number;
  readonly idleMs: number;
  private probed: { at: number; up: Promise<boolean> } | undefined;

  constructor(readonly config: UpstreamConfig, private readonly opts: UpstreamOptions) {
    const url = new URL(config.url);
    this.pathPrefix = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
    this.host = url.hostname;
    this.port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    this.firstByteMs = opts.firstByteMs;
    this.idleMs = opts.idleMs;
    this.pool = new UpstreamPool(url.origin, { connectTimeoutMs: opts.connectMs });
    this.breaker = new CircuitBreaker({
      failureThreshold: opts.failureThreshold,
      openMs: opts.openSeconds * 1000,
      ...(opts.onBreakerState ? { onStateChange: opts.onBreakerState } : {}),
      ...(opts.onBreakerTransition ? { onTransition: opts.onBreakerTransition } : {}),
    });
  }

  get name(): string {
    return this.config.name;
  }

  /** Whether the upstream answers `GET /v1/models`; the result is cached so /readyz stays cheap. */
  probe(): Promise<boolean> {
    const now = Date.now();
    if (this.probed && now - this.probed.at < (this.opts.probeCacheMs ?? 5000)) return this.probed.up;
    const up = this.pool
      .request({ method: "GET", path: `${this.pathPrefix}/v1/models`, headers: {}, headersTimeoutMs: this.opts.connectMs, bodyTimeoutMs: this.opts.connectMs })
      .then((r) => r.status < 500, () => false)
      .then((ok) => {
        this.opts.onProbe?.(ok);
        return ok;
      });
    this.probed = { at: now, up };
    return up;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
