import type { UpstreamConfig } from "../config";

/**
 * Routing table: a model listed by an upstream goes there; any other model goes to the default upstream
 * (`default: true`, else the first upstream that lists no models), as config/sections/exporter.ts documents.
 */
export class Router<U extends { config: UpstreamConfig }> {
  private readonly byModel = new Map<string, U>();
  private readonly fallback: U | undefined;

  constructor(readonly upstreams: readonly U[]) {
    for (const u of upstreams) for (const m of u.config.models) if (!this.byModel.has(m)) this.byModel.set(m, u);
    this.fallback = upstreams.find((u) => u.config.default) ?? upstreams.find((u) => u.config.models.length === 0);
  }

  /** The upstream serving `model`, or undefined when no upstream lists it and none is the default. */
  pick(model: string): U | undefined {
    return this.byModel.get(model) ?? this.fallback;
  }
}
