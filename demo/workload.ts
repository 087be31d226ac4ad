import OpenAI from "openai";

export const MODES = ["stream", "unary"] as const;
export type Mode = (typeof MODES)[number];

export interface WorkloadOptions {
  /** OpenAI base URL of the exporter, e.g. `http://127.0.0.1:9464/v1`. */
  baseUrl: string;
  /** Models to ask; every model is asked in both modes, in turn. */
  models: string[];
  /** Parallel request loops. */
  concurrency: number;
}

/** What the client saw for one model in one mode. */
export interface ClientStats {
  model: string;
  mode: Mode;
  ok: number;
  failed: number;
  /** Time to first token of the answers of the last minute, in ms, oldest first. */
  ttftMs: number[];
}

/** How long TTFT samples are kept: the view shows the last minute, as the Prometheus panels do. */
const WINDOW_MS = 60_000;

interface Series extends Omit<ClientStats, "ttftMs"> {
  samples: { at: number; ms: number }[];
}

/** A running workload: `stats()` at any time, `stop()` to end it (resolves when the last request is done). */
export interface Workload {
  stats(): ClientStats[];
  stop(): Promise<void>;
}

/**
 * A steady chat workload through the official OpenAI client: every model in both modes in turn (so a TTFT
 * comparison between models compares like with like), no client retries (every upstream failure is visible).
 * Client-side TTFT is the first content chunk of a stream and the whole answer of a unary call. A short pause
 * between requests keeps the load gentle on a 2-core machine.
 */
export function startWorkload(o: WorkloadOptions): Workload {
  const client = new OpenAI({ baseURL: o.baseUrl, apiKey: "demo", maxRetries: 0, timeout: 10_000 });
  const series: Series[] = o.models.flatMap((model) => MODES.map((mode) => ({ model, mode, ok: 0, failed: 0, samples: [] })));
  let stopped = false;
  let n = 0;
  const ask = async (s: Series, i: number) => {
    const messages = [{ role: "user" as const, content: `demo request ${i}: summarise the observability stack` }];
    const start = performance.now();
    let first: number | undefined;
    if (s.mode === "stream") {
      const stream = await client.chat.completions.create({ model: s.model, messages, stream: true, max_tokens: 24 });
      for await (const chunk of stream) if (first === undefined && chunk.choices[0]?.delta.content) first = performance.now();
    } else {
      await client.chat.completions.create({ model: s.model, messages, max_tokens: 24 });
    }
    return (first ?? performance.now()) - start;
  };
  const loop = async () => {
    while (!stopped) {
      const i = n++;
      const s = series[i % series.length]!;
      try {
        const ms = await ask(s, i);
        s.ok++;
        s.samples.push({ at: Date.now(), ms });
      } catch {
        s.failed++;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const loops = Promise.all(Array.from({ length: o.concurrency }, loop));
  return {
    stats() {
      const since = Date.now() - WINDOW_MS;
      return series.map(({ samples, ...rest }) => {
        while (samples.length > 0 && samples[0]!.at < since) samples.shift();
        return { ...rest, ttftMs: samples.map((x) => x.ms) };
      });
    },
    async stop() {
      stopped = true;
      await loops;
    },
  };
}
