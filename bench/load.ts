/** One OpenAI request the load generators repeat. */
export interface LoadRequest {
  /** Full URL, e.g. `http://127.0.0.1:9464/v1/chat/completions`. */
  url: string;
  /** JSON body. */
  body: string;
}

/** The benchmark's model id, served by the simulator. */
export const BENCH_MODEL = "sim-model";

/** A small chat completion, streamed (SSE) or not. */
export function chatRequest(baseUrl: string, stream: boolean): LoadRequest {
  return {
    url: `${baseUrl}/v1/chat/completions`,
    body: JSON.stringify({ model: BENCH_MODEL, messages: [{ role: "user", content: "Say hello." }], max_tokens: 16, stream }),
  };
}
