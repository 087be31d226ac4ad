/**
 * Token accounting without a tokenizer: about four characters per token (OpenAI's rule of thumb), plus the
 * chat format's per-message overhead. Deterministic, so tests can predict `usage.prompt_tokens`.
 */
const CHARS_PER_TOKEN = 4;
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

/** Tokens in a text: ceil(length / 4), at least 1 for a non-empty text. */
export function textTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: unknown) => (part !== null && typeof part === "object" && "text" in part && typeof part.text === "string" ? part.text : ""))
    .join("");
}

/** Prompt tokens of a chat request: each message costs 3 + its text, and the reply primer costs 3. */
export function chatPromptTokens(messages: readonly unknown[]): number {
  let total = TOKENS_PER_REPLY;
  for (const message of messages) {
    const content = message !== null && typeof message === "object" && "content" in message ? message.content : "";
    total += TOKENS_PER_MESSAGE + textTokens(contentText(content));
  }
  return total;
}

/**
 * Prompt tokens of a legacy completion or embedding input: a string, a list of strings, a token-id list
 * (`number[]`, counted as is) or a list of token-id lists.
 */
export function inputTokens(input: unknown): number {
  if (typeof input === "string") return textTokens(input);
  if (!Array.isArray(input)) return 0;
  if (input.every((x) => typeof x === "number")) return input.length;
  return input.reduce((sum: number, x: unknown) => sum + inputTokens(x), 0);
}

/** The first message's text: what the simulated prefix cache keys on (system prompts repeat across requests). */
export function firstMessageText(messages: readonly unknown[]): string {
  const first = messages[0];
  return first !== null && typeof first === "object" && "content" in first ? contentText(first.content) : "";
}

const WORDS = [
  "the", "model", "answers", "quickly", "with", "tokens", "streamed", "over", "a", "socket", "while", "metrics",
  "record", "latency", "and", "queues", "grow", "under", "load", "cache", "hits", "save", "time", "for", "every",
  "request", "in", "batch", "GPU", "memory", "stays", "warm",
] as const;

/** `count` output tokens as text pieces ("the", " model", ...), chosen with the given PRNG. */
export function generateTokens(random: () => number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = WORDS[Math.floor(random() * WORDS.length)] ?? "the";
    out.push(i === 0 ? word : ` ${word}`);
  }
  return out;
}
