import type { Logger } from "pino";
import type { UpstreamConfig } from "../config";
import { sanitizeLabelValue } from "../metrics/labels";
import type { ExporterMetrics } from "../metrics/registry";
import { adapterFor, type BackendAdapter } from "./backends";
import { CounterDeltas } from "./counter-delta";
import { repeatWithPause } from "./repeat";
import { classifyScrapeError, HttpStatusError } from "./scrape-error";
import type { BackendSnapshot } from "./snapshot";

/** What the scrapers need to know of an upstream. */
export type ScrapedUpstream = Pick<UpstreamConfig, "name" | "url" | "backend">;

/** Options of {@link BackendScrapers} and {@link startBackendScrapers}. */
export interface BackendScraperOptions {
  /** Upstreams to scrape; those with backend `openai` have no native metrics and are skipped. */
  upstreams: readonly ScrapedUpstream[];
  /** Pause between the end of one scrape of an upstream and the start of the next, in ms. */
  intervalMs: number;
  /** Give up on one scrape after this many ms. Defaults to intervalMs, at most 10000. */
  timeoutMs?: number;
  /** The exporter's instruments (exporter/src/metrics/registry.ts). */
  metrics: ExporterMetrics;
  /** Receives one line per upstream state change (first success, failing, recovered), never one per failure. */
  logger: Pick<Logger, "info" | "warn">;
  /** Turns a backend's model name into the `model_id` label (pass the proxy's cardinality guard). Defaults to sanitizeLabelValue. */
  modelId?: (model: string) => string;
}

interface Target {
  upstream: ScrapedUpstream;
  adapter: BackendAdapter;
  url: string;
  state: "new" | "ok" | "failing";
  busy: boolean;
  snapshot?: BackendSnapshot;
}

function parseUrl(path: string, base: string): URL | undefined {
  try {
    return new URL(path, base);
  } catch {
    return undefined;
  }
}

function sumOf(snapshots: readonly BackendSnapshot[], pick: (s: BackendSnapshot) => number | undefined): number {
  return snapshots.reduce((sum, s) => sum + (pick(s) ?? 0), 0);
}

/**
 * Scrapes backends' native metrics and folds them into the catalog: gauges are the sum over the upstreams
 * that answered their last scrape, counters grow by each upstream's delta (see CounterDeltas).
 */
export class BackendScrapers {
  private readonly targets: Target[];
  private readonly deltas = new CounterDeltas();
  private readonly modelIds = new Set<string>();
  private readonly stopping = new AbortController();
  private readonly timeoutMs: number;

  constructor(private readonly opts: BackendScraperOptions) {
    if (!Number.isFinite(opts.intervalMs) || opts.intervalMs <= 0) throw new RangeError(`intervalMs = ${opts.intervalMs}: expected a number of ms > 0`);
    this.timeoutMs = opts.timeoutMs ?? Math.min(opts.intervalMs, 10_000);
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) throw new RangeError(`timeoutMs = ${this.timeoutMs}: expected a number of ms > 0`);
    this.targets = opts.upstreams.flatMap((upstream) => {
      const adapter = adapterFor(upstream.backend);
      if (adapter === undefined) return [];
      // The adapter path is absolute on purpose: backends serve /metrics and /api/ps at the root even when
      // the upstream URL names an API prefix such as http://vllm:8000/v1.
      const url = parseUrl(adapter.path, upstream.url);
      if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
        throw new RangeError(`upstream "${upstream.name}": url = ${JSON.stringify(upstream.url)} is not an absolute http(s) URL`);
      }
      return [{ upstream, adapter, url: url.href, state: "new" as const, busy: false }];
    });
  }

  /** Upstreams that have something to scrape. */
  get scrapedUpstreams(): readonly ScrapedUpstream[] {
    return this.targets.map((t) => t.upstream);
  }

  /** Scrapes every upstream once (skipping one whose previous scrape is still running) and updates the metrics. */
  async scrapeAll(): Promise<void> {
    await Promise.all(this.targets.map((t) => this.scrape(t)));
  }

  /** Scrapes one upstream by index into scrapedUpstreams. */
  async scrapeIndex(index: number): Promise<void> {
    const target = this.targets[index];
    if (target !== undefined) await this.scrape(target);
  }

  /** Aborts scrapes in flight. */
  stop(): void {
    this.stopping.abort();
  }

  private async scrape(target: Target): Promise<void> {
    if (target.busy || this.stopping.signal.aborted) return;
    target.busy = true;
    try {
      const res = await fetch(target.url, { signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.stopping.signal]) });
      if (!res.ok) {
        await res.body?.cancel();
        throw new HttpStatusError(res.status, target.url);
      }
      const snapshot = target.adapter.parse(await res.text());
      this.countDeltas(target.upstream.name, snapshot);
      target.snapshot = snapshot;
      this.setState(target, "ok");
    } catch (err) {
      if (this.stopping.signal.aborted) return;
      target.snapshot = undefined;
      const errorType = classifyScrapeError(err);
      this.opts.metrics.adapterScrapeErrorsTotal.inc({ upstream: target.upstream.name, backend: target.upstream.backend });
      this.opts.metrics.errorsTotal.inc({ error_type: errorType, component: "adapter" });
      this.setState(target, "failing", { error_type: errorType, err: err instanceof Error ? err.message : String(err) });
    } finally {
      target.busy = false;
    }
    this.publish();
  }

  private setState(target: Target, state: "ok" | "failing", detail: Record<string, string> = {}): void {
    if (target.state === state) return;
    const fields = { upstream: target.upstream.name, backend: target.upstream.backend, url: target.url, ...detail };
    if (state === "failing") this.opts.logger.warn(fields, "backend metrics scrape failing");
    else this.opts.logger.info(fields, target.state === "new" ? "backend metrics scrape started" : "backend metrics scrape recovered");
    target.state = state;
  }

  private countDeltas(upstream: string, s: BackendSnapshot): void {
    const m = this.opts.metrics;
    if (s.preemptionsTotal !== undefined) m.schedulerPreemptionsTotal.inc(this.deltas.delta(`${upstream}\0preemptions`, s.preemptionsTotal));
    for (const [type, value] of Object.entries(s.cacheHits ?? {})) {
      m.cacheHitsTotal.inc({ cache_type: type }, this.deltas.delta(`${upstream}\0hits\0${type}`, value));
    }
    for (const [type, value] of Object.entries(s.cacheMisses ?? {})) {
      m.cacheMissesTotal.inc({ cache_type: type }, this.deltas.delta(`${upstream}\0misses\0${type}`, value));
    }
  }

  private publish(): void {
    const m = this.opts.metrics;
    const live = this.targets.flatMap((t) => (t.snapshot ? [t.snapshot] : []));
    m.schedulerQueueLength.set(sumOf(live, (s) => s.queueLength));
    m.batchSize.set(sumOf(live, (s) => s.batchSize));
    m.modelsLoaded.set(sumOf(live, (s) => s.modelsLoaded));
    const memory = new Map<string, number>();
    const label = this.opts.modelId ?? sanitizeLabelValue;
    for (const s of live) {
      for (const [model, mb] of Object.entries(s.modelMemoryMb ?? {})) {
        const id = label(model);
        memory.set(id, (memory.get(id) ?? 0) + mb);
      }
    }
    for (const id of this.modelIds) if (!memory.has(id)) m.modelMemoryMb.remove({ model_id: id });
    this.modelIds.clear();
    for (const [id, mb] of memory) {
      m.modelMemoryMb.set({ model_id: id }, mb);
      this.modelIds.add(id);
    }
  }
}

/**
 * Starts one scrape loop per upstream: scrape, pause `intervalMs`, repeat (see repeatWithPause).
 * `stop()` ends the loops and aborts scrapes in flight.
 */
export function startBackendScrapers(opts: BackendScraperOptions): { stop(): void } {
  const scrapers = new BackendScrapers(opts);
  const loops = scrapers.scrapedUpstreams.map((_, i) => repeatWithPause(() => scrapers.scrapeIndex(i), opts.intervalMs));
  return {
    stop() {
      for (const loop of loops) loop.stop();
      scrapers.stop();
    },
  };
}
