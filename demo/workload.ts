import OpenAI from "openai";

export interface WorkloadOptions {
  /** OpenAI base URL of the exporter, e.g. `http://127.0.0.1:9464/v1`. */
  baseUrl: string;
  /** Models to spread requests over, round-robin. */
  models: string[];
  /** Parallel request loops. */
  concurrency: number;
  /** Epoch ms at which the loops stop. */
  until: number;
  /** Stops the loops early when it returns true. Defaults to never. */
  stop?: () => boolean;
}

/**
 * A steady chat workload through the official OpenAI client: alternating streaming and non-streaming requests,
 * round-robin over models, no client retries (so every upstream failure is visible). A short pause between
 * requests keeps the demo's load gentle on a 2-core machine.
 */
export async function runWorkload(o: WorkloadOptions): Promise<{ ok: number; failed: number }> {
  const client = new OpenAI({ baseURL: o.baseUrl, apiKey: "demo", maxRetries: 0, timeout: 10_000 });
  let ok = 0;
  let failed = 0;
  let n = 0;
  const loop = async () => {
    while (Date.now() < o.until && !o.stop?.()) {
      const i = n++;
      const model = o.models[i % o.models.length]!;
      const messages = [{ role: "user" as const, content: `demo request ${i}: summarise the observability stack` }];
      try {
        if (i % 2 === 0) {
          const stream = await client.chat.completions.create({ model, messages, stream: true, max_tokens: 24 });
          for await (const chunk of stream) void chunk;
        } else {
          await client.chat.completions.create({ model, messages, max_tokens: 24 });
        }
        ok++;
      } catch {
        failed++;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, loop));
  return { ok, failed };
}
