import type { IncomingMessage, ServerResponse } from "node:http";
import { FAULT_HEADER, requestedFault, type FaultMode } from "./faults";
import { sendError, sendJson } from "./http-util";
import { embeddingsBody, streamEvents, unaryBody, type Generation } from "./openai";
import type { SimulatorState } from "./state";
import { chatPromptTokens, firstMessageText, generateTokens, inputTokens, textTokens } from "./tokens";

type Body = Record<string, unknown>;

function fail(sim: SimulatorState, res: ServerResponse, status: number, message: string, code: string | null = null, headers: Record<string, string> = {}): void {
  sim.stats.errorsTotal++;
  sendError(res, status, message, code, headers);
}

/** Checks the parts every endpoint shares; returns the fault asked for, or false when it already answered 4xx. */
function accept(sim: SimulatorState, req: IncomingMessage, res: ServerResponse, body: Body): FaultMode | undefined | false {
  const model = body.model;
  if (typeof model !== "string" || model === "") {
    fail(sim, res, 400, "you must provide a model parameter", null);
    return false;
  }
  const fault = requestedFault(req.headers[FAULT_HEADER], model);
  if (fault instanceof Error) {
    fail(sim, res, 400, fault.message, "invalid_fault");
    return false;
  }
  if (fault === undefined && !sim.options.models.includes(model)) {
    fail(sim, res, 404, `The model \`${model}\` does not exist or you do not have access to it.`, "model_not_found");
    return false;
  }
  return fault;
}

/**
 * Faults that decide the whole answer before any generation. Returns true when the request is finished
 * (or deliberately never will be); `slow-first-byte` waits and lets the normal answer follow.
 */
async function earlyFault(sim: SimulatorState, req: IncomingMessage, res: ServerResponse, fault: FaultMode | undefined): Promise<boolean> {
  if (fault === undefined) return false;
  sim.recordFault(fault);
  switch (fault) {
    case "reset":
      req.socket.destroy();
      return true;
    case "hang":
      return true;
    case "http-429":
      fail(sim, res, 429, "Rate limit reached for requests (simulated).", "rate_limit_exceeded", { "retry-after": "1" });
      return true;
    case "http-500":
      fail(sim, res, 500, "The server had an error while processing your request (simulated).");
      return true;
    case "http-503":
      fail(sim, res, 503, "The engine is currently overloaded, please try again later (simulated).");
      return true;
    case "slow-first-byte":
      await sim.wait(sim.options.slowFirstByteMs);
      return res.destroyed;
    default:
      return false;
  }
}

function randomError(sim: SimulatorState, res: ServerResponse): boolean {
  if (sim.options.errorRate === 0 || sim.random() >= sim.options.errorRate) return false;
  fail(sim, res, 500, "The server had an error while processing your request.");
  return true;
}

function maxTokens(body: Body): number | Error {
  const value = body.max_completion_tokens ?? body.max_tokens;
  if (value === undefined || value === null) return Infinity;
  return typeof value === "number" && Number.isInteger(value) && value >= 1
    ? value
    : new Error(`max_tokens: expected an integer >= 1, got ${JSON.stringify(value)}`);
}

/** Half of a body: what the malformed and mid-stream-reset faults send instead of the whole. */
function truncated(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

async function sendUnary(sim: SimulatorState, res: ServerResponse, gen: Generation, fault: FaultMode | undefined): Promise<void> {
  await sim.wait(sim.jittered(sim.options.ttftMs) + sim.jittered(sim.options.tpotMs) * (gen.tokens.length - 1));
  if (res.destroyed) return;
  const body = unaryBody(gen, fault !== "omit-usage");
  if (fault === "malformed-json" || fault === "malformed-sse") return sendJson(res, 200, truncated(body));
  if (fault === "reset-mid-stream") {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
    res.write(truncated(body), () => res.destroy());
    return;
  }
  sendJson(res, 200, body);
}

async function sendStream(sim: SimulatorState, res: ServerResponse, gen: Generation, includeUsage: boolean, fault: FaultMode | undefined): Promise<void> {
  await sim.wait(sim.jittered(sim.options.ttftMs));
  if (res.destroyed) return;
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
  const { tokens, tail } = streamEvents(gen, includeUsage && fault !== "omit-usage");
  const first = tokens[0] ?? "";
  if (fault === "malformed-json") return void res.end(`${first}data: {"id":"${gen.id}","choices":[{"delta":{"content":\n\ndata: [DONE]\n\n`);
  if (fault === "malformed-sse") return void res.end(`${first}<html>this is not an event stream</html>\n`);
  if (fault === "reset-mid-stream") return void res.write(first, () => res.destroy());
  if (sim.options.tpotMs === 0 && sim.options.jitterMs === 0) return void res.end(tokens.join("") + tail);
  res.write(first);
  for (let i = 1; i < tokens.length; i++) {
    await sim.wait(sim.jittered(sim.options.tpotMs));
    if (res.destroyed) return;
    res.write(tokens[i] ?? "");
  }
  res.end(tail);
}

/** Prompt tokens and prefix-cache key of a chat or legacy completion request, or an Error for a bad body. */
function promptOf(kind: "chat" | "text", body: Body): { tokens: number; prefix: string; prefixTokens: number } | Error {
  if (kind === "chat") {
    if (!Array.isArray(body.messages) || body.messages.length === 0) return new Error("messages: expected a non-empty array");
    const prefix = firstMessageText(body.messages);
    return { tokens: chatPromptTokens(body.messages), prefix, prefixTokens: textTokens(prefix) };
  }
  if (typeof body.prompt !== "string" && !Array.isArray(body.prompt)) return new Error("prompt: expected a string or an array");
  const prefix = typeof body.prompt === "string" ? body.prompt : JSON.stringify(body.prompt);
  const tokens = inputTokens(body.prompt);
  return { tokens, prefix, prefixTokens: tokens };
}

/** POST /v1/chat/completions and /v1/completions. */
export async function handleGeneration(sim: SimulatorState, kind: "chat" | "text", req: IncomingMessage, res: ServerResponse, body: Body): Promise<void> {
  const fault = accept(sim, req, res, body);
  if (fault === false) return;
  const prompt = promptOf(kind, body);
  const limit = maxTokens(body);
  if (prompt instanceof Error) return fail(sim, res, 400, prompt.message);
  if (limit instanceof Error) return fail(sim, res, 400, limit.message);
  res.once("close", sim.admit());
  sim.recordPrompt(prompt.tokens, prompt.prefix, prompt.prefixTokens);
  if (await earlyFault(sim, req, res, fault)) return;
  if (randomError(sim, res)) return;
  const count = Math.min(sim.options.completionTokens, limit);
  sim.stats.completionTokensTotal += count;
  const gen: Generation = {
    kind, id: sim.id(kind === "chat" ? "chatcmpl" : "cmpl"), created: Math.floor(Date.now() / 1000), model: body.model as string,
    tokens: generateTokens(sim.random, count), finishReason: count < sim.options.completionTokens ? "length" : "stop",
    usage: { prompt_tokens: prompt.tokens, completion_tokens: count, total_tokens: prompt.tokens + count },
  };
  const options = body.stream_options;
  const includeUsage = options !== null && typeof options === "object" && "include_usage" in options && options.include_usage === true;
  await (body.stream === true ? sendStream(sim, res, gen, includeUsage, fault) : sendUnary(sim, res, gen, fault));
}

function embeddingTexts(input: unknown): string[] | Error {
  if (typeof input === "string") return [input];
  if (Array.isArray(input) && input.length > 0) {
    if (input.every((x) => typeof x === "number")) return [JSON.stringify(input)];
    if (input.every((x) => typeof x === "string" || Array.isArray(x))) return input.map((x) => (typeof x === "string" ? x : JSON.stringify(x)));
  }
  return new Error("input: expected a string, an array of strings or an array of token arrays");
}

/** POST /v1/embeddings. */
export async function handleEmbeddings(sim: SimulatorState, req: IncomingMessage, res: ServerResponse, body: Body): Promise<void> {
  const fault = accept(sim, req, res, body);
  if (fault === false) return;
  const texts = embeddingTexts(body.input);
  if (texts instanceof Error) return fail(sim, res, 400, texts.message);
  const dims = body.dimensions ?? sim.options.embeddingDimensions;
  if (typeof dims !== "number" || !Number.isInteger(dims) || dims < 1 || dims > 8192) {
    return fail(sim, res, 400, `dimensions: expected an integer from 1 to 8192, got ${JSON.stringify(dims)}`);
  }
  res.once("close", sim.admit());
  const tokens = inputTokens(body.input);
  sim.stats.promptTokensTotal += tokens;
  if (await earlyFault(sim, req, res, fault)) return;
  if (randomError(sim, res)) return;
  await sim.wait(sim.jittered(sim.options.ttftMs));
  if (res.destroyed) return;
  const usage = fault === "omit-usage" ? undefined : { prompt_tokens: tokens, completion_tokens: 0, total_tokens: tokens };
  const out = embeddingsBody(body.model as string, texts, dims, body.encoding_format === "base64", usage);
  if (fault === "malformed-json" || fault === "malformed-sse") return sendJson(res, 200, truncated(out));
  if (fault === "reset-mid-stream") return void res.write(truncated(out), () => res.destroy());
  sendJson(res, 200, out);
}
