import { hashString, mulberry32 } from "./prng";

/** Token counts in OpenAI's `usage` shape. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Everything needed to render one generated answer, streaming or not. */
export interface Generation {
  kind: "chat" | "text";
  id: string;
  created: number;
  model: string;
  tokens: readonly string[];
  finishReason: "stop" | "length";
  usage: Usage;
}

/** OpenAI's error body: `{"error":{"message","type","param","code"}}`. */
export function errorBody(message: string, type: string, code: string | null = null, param: string | null = null): string {
  return JSON.stringify({ error: { message, type, param, code } });
}

/** The non-streaming answer; `withUsage` false drops `usage` (the omit-usage fault). */
export function unaryBody(gen: Generation, withUsage: boolean): string {
  const text = gen.tokens.join("");
  const choice = gen.kind === "chat"
    ? { index: 0, message: { role: "assistant", content: text, refusal: null }, logprobs: null, finish_reason: gen.finishReason }
    : { text, index: 0, logprobs: null, finish_reason: gen.finishReason };
  const object = gen.kind === "chat" ? "chat.completion" : "text_completion";
  return JSON.stringify({
    id: gen.id, object, created: gen.created, model: gen.model, system_fingerprint: null, choices: [choice],
    ...(withUsage ? { usage: gen.usage } : {}),
  });
}

function sse(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

const SSE_DONE = "data: [DONE]\n\n";

/**
 * The SSE events of a streamed answer: `tokens[i]` carries token i (the first also the chat role chunk, as
 * OpenAI sends it), `tail` the finish chunk, the usage chunk when `includeUsage`, and `[DONE]`. Once usage
 * was requested OpenAI puts `"usage": null` on every chunk and the totals on a last chunk with no choices.
 */
export function streamEvents(gen: Generation, includeUsage: boolean): { tokens: string[]; tail: string } {
  const object = gen.kind === "chat" ? "chat.completion.chunk" : "text_completion";
  const head = { id: gen.id, object, created: gen.created, model: gen.model, system_fingerprint: null };
  const usageField = includeUsage ? { usage: null } : {};
  const chunk = (choice: Record<string, unknown>): string => sse({ ...head, choices: [{ index: 0, ...choice }], ...usageField });
  const piece = (text: string, finish: string | null): string => gen.kind === "chat"
    ? chunk({ delta: finish === null ? { content: text } : {}, logprobs: null, finish_reason: finish })
    : chunk({ text, logprobs: null, finish_reason: finish });
  const tokens = gen.tokens.map((token) => piece(token, null));
  if (gen.kind === "chat") tokens[0] = chunk({ delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }) + (tokens[0] ?? "");
  const tail = piece("", gen.finishReason) + (includeUsage ? sse({ ...head, choices: [], usage: gen.usage }) : "") + SSE_DONE;
  return { tokens, tail };
}

/** One deterministic unit vector per input text, so the same text always embeds the same way. */
export function embeddingVector(text: string, dimensions: number): number[] {
  const random = mulberry32(hashString(text));
  const raw = Array.from({ length: dimensions }, () => random() * 2 - 1);
  const norm = Math.hypot(...raw) || 1;
  return raw.map((x) => x / norm);
}

/** The embeddings answer; `base64` encodes each vector as little-endian float32, as the openai npm client requests by default. */
export function embeddingsBody(model: string, texts: readonly string[], dimensions: number, base64: boolean, usage: Usage | undefined): string {
  const data = texts.map((text, index) => {
    const vector = embeddingVector(text, dimensions);
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
    return { object: "embedding", index, embedding };
  });
  const usageField = usage ? { usage: { prompt_tokens: usage.prompt_tokens, total_tokens: usage.total_tokens } } : {};
  return JSON.stringify({ object: "list", data, model, ...usageField });
}

/** `/v1/models` list entry. */
export function modelEntry(id: string, created: number): { id: string; object: "model"; created: number; owned_by: string } {
  return { id, object: "model", created, owned_by: "llm-simulator" };
}
