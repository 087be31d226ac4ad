import { test } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { startSimulator, type SimulatorHandle } from "./server";
import type { SimulatorOptions } from "./options";

async function withSim(opts: SimulatorOptions, fn: (sim: SimulatorHandle) => Promise<void>): Promise<void> {
  const sim = await startSimulator(opts);
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

function post(sim: SimulatorHandle, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sim.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** The `data:` payloads of an SSE body, in order. */
function sseData(text: string): string[] {
  return text.split("\n\n").filter((e) => e.startsWith("data: ")).map((e) => e.slice("data: ".length));
}

const chat = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: "sim-model", messages: [{ role: "system", content: "You are terse." }, { role: "user", content: "Say hello please" }], ...extra,
});

test("non-streaming chat answers with usage derived from the prompt and honours max_tokens", async () => {
  await withSim({ completionTokens: 5 }, async (sim) => {
    const full = await (await post(sim, "/v1/chat/completions", chat())).json() as any;
    assert.equal(full.object, "chat.completion");
    assert.equal(full.choices[0].finish_reason, "stop");
    assert.equal(full.choices[0].message.content.split(" ").length, 5);
    // 3 reply + (3 + ceil(14/4)) + (3 + ceil(16/4)) = 3 + 7 + 7
    assert.deepEqual(full.usage, { prompt_tokens: 17, completion_tokens: 5, total_tokens: 22 });
    const capped = await (await post(sim, "/v1/chat/completions", chat({ max_tokens: 2 }))).json() as any;
    assert.equal(capped.choices[0].finish_reason, "length");
    assert.equal(capped.usage.completion_tokens, 2);
  });
});

test("streaming chat follows OpenAI's chunk sequence, with a usage chunk only when asked", async () => {
  await withSim({ completionTokens: 3 }, async (sim) => {
    const res = await post(sim, "/v1/chat/completions", chat({ stream: true, stream_options: { include_usage: true } }));
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const data = sseData(await res.text());
    assert.equal(data.at(-1), "[DONE]");
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    assert.deepEqual(chunks[0].choices[0].delta, { role: "assistant", content: "" });
    assert.equal(chunks.filter((c) => c.choices[0]?.delta?.content).length, 3);
    assert.equal(chunks.at(-2).choices[0].finish_reason, "stop");
    assert.deepEqual(chunks.at(-1).choices, []);
    assert.equal(chunks.at(-1).usage.completion_tokens, 3);
    assert.ok(chunks.slice(0, -1).every((c) => c.usage === null));

    const plain = sseData(await (await post(sim, "/v1/chat/completions", chat({ stream: true }))).text());
    assert.ok(plain.slice(0, -1).every((d) => !("usage" in JSON.parse(d))));
    assert.equal(plain.length, 6, "role, 3 tokens, finish, [DONE]");
  });
});

test("streams with a per-token delay deliver the same tokens", async () => {
  await withSim({ completionTokens: 4, tpotMs: 1, ttftMs: 1, seed: 7 }, async (sim) => {
    const slow = sseData(await (await post(sim, "/v1/completions", { model: "sim-model", prompt: "abc", stream: true })).text());
    await withSim({ completionTokens: 4, seed: 7 }, async (fast) => {
      const quick = sseData(await (await post(fast, "/v1/completions", { model: "sim-model", prompt: "abc", stream: true })).text());
      const text = (d: string[]): string => d.slice(0, -1).map((x) => JSON.parse(x).choices[0].text).join("");
      assert.equal(text(slow), text(quick));
      assert.equal(text(slow).split(" ").length, 4);
    });
  });
});

test("the same seed gives the same answers and another seed different ones", async () => {
  const answer = async (seed: number): Promise<string[]> => {
    const out: string[] = [];
    await withSim({ seed, completionTokens: 12 }, async (sim) => {
      for (let i = 0; i < 3; i++) out.push(((await (await post(sim, "/v1/chat/completions", chat())).json()) as any).choices[0].message.content);
    });
    return out;
  };
  assert.deepEqual(await answer(1), await answer(1));
  assert.notDeepEqual(await answer(1), await answer(2));
});

test("the official openai client streams, lists models and decodes base64 embeddings", async () => {
  await withSim({ models: ["a", "b"], completionTokens: 4 }, async (sim) => {
    const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: "unused", maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: "a", messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_usage: true } });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      usage = chunk.usage ?? usage;
    }
    assert.equal(text.split(" ").length, 4);
    assert.equal(usage?.completion_tokens, 4);
    assert.deepEqual((await client.models.list()).data.map((m) => m.id), ["a", "b"]);
    const emb = await client.embeddings.create({ model: "b", input: ["one", "two"] });
    assert.equal(emb.data.length, 2);
    assert.equal(emb.data[0]?.embedding.length, 16);
    assert.ok(Math.abs(Math.hypot(...(emb.data[0]?.embedding ?? [])) - 1) < 1e-5, "unit vector");
    await assert.rejects(client.chat.completions.create({ model: "nope", messages: [{ role: "user", content: "x" }] }), (e: any) => e.status === 404 && e.code === "model_not_found");
  });
});

test("bad requests get 4xx OpenAI errors and error-rate 1 gives 500s", async () => {
  await withSim({}, async (sim) => {
    const badJson = await fetch(`${sim.url}/v1/chat/completions`, { method: "POST", body: "{" });
    assert.equal(badJson.status, 400);
    assert.equal(((await badJson.json()) as any).error.type, "invalid_request_error");
    assert.equal((await post(sim, "/v1/chat/completions", chat({ messages: [] }))).status, 400);
    assert.equal((await post(sim, "/v1/chat/completions", chat({ max_tokens: 0 }))).status, 400);
    const badFault = await post(sim, "/v1/chat/completions", chat(), { "x-sim-fault": "explode" });
    assert.equal(badFault.status, 400);
    assert.match(((await badFault.json()) as any).error.message, /allowed: reset/);
    assert.equal((await fetch(`${sim.url}/v2/nothing`)).status, 404);
  });
  await withSim({ errorRate: 1 }, async (sim) => {
    const res = await post(sim, "/v1/chat/completions", chat());
    assert.equal(res.status, 500);
    assert.equal(((await res.json()) as any).error.type, "server_error");
    assert.equal(sim.stats().errorsTotal, 1);
  });
});

test("fault modes break the answer in the documented way", async () => {
  await withSim({ slowFirstByteMs: 20 }, async (sim) => {
    await assert.rejects(post(sim, "/v1/chat/completions", chat(), { "x-sim-fault": "reset" }));
    const limited = await post(sim, "/v1/chat/completions", chat({ model: "fault-http-429" }));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "1");
    assert.equal((await post(sim, "/v1/chat/completions", chat(), { "x-sim-fault": "http-503" })).status, 503);
    const broken = await (await post(sim, "/v1/chat/completions", chat(), { "x-sim-fault": "malformed-json" })).text();
    assert.throws(() => JSON.parse(broken));
    const sse = await (await post(sim, "/v1/chat/completions", chat({ stream: true }), { "x-sim-fault": "malformed-sse" })).text();
    assert.ok(!sse.includes("[DONE]"));
    const noUsage = await (await post(sim, "/v1/chat/completions", chat({ stream: true, stream_options: { include_usage: true } }), { "x-sim-fault": "omit-usage" })).text();
    assert.ok(sseData(noUsage).slice(0, -1).every((d) => JSON.parse(d).choices.length === 1));
    const midStream = await post(sim, "/v1/chat/completions", chat({ stream: true }), { "x-sim-fault": "reset-mid-stream" });
    await assert.rejects(midStream.text());
    const slow = await post(sim, "/v1/chat/completions", chat({ model: "fault-slow-first-byte/sim-model" }));
    assert.equal(slow.status, 200);
    assert.equal(sim.stats().faults["slow-first-byte"], 1);
  });
});

test("/metrics reports running, waiting and preemptions of hung requests, and close() ends them", async () => {
  const sim = await startSimulator({ maxBatch: 1 });
  const hung = [1, 2].map(() => post(sim, "/v1/chat/completions", chat(), { "x-sim-fault": "hang" }).catch((e: unknown) => e));
  while (sim.stats().inFlight < 2) await new Promise((r) => setImmediate(r));
  const text = await (await fetch(`${sim.url}/metrics`)).text();
  assert.match(text, /^vllm:num_requests_running\{engine="0",model_name="sim-model"\} 1$/m);
  assert.match(text, /^vllm:num_requests_waiting\{[^}]*\} 1$/m);
  assert.match(text, /^vllm:num_preemptions_total\{[^}]*\} 1$/m);
  await sim.close();
  for (const outcome of await Promise.all(hung)) assert.ok(outcome instanceof Error, "hung request ends with an error on close");
});

test("a repeated first message counts as prefix cache hits", async () => {
  await withSim({}, async (sim) => {
    await post(sim, "/v1/chat/completions", chat());
    await post(sim, "/v1/chat/completions", chat());
    const s = sim.stats();
    assert.equal(s.prefixCacheQueriesTotal, 34);
    assert.equal(s.prefixCacheHitsTotal, 4, "ceil(14/4) tokens of the system prompt, hit once");
    assert.equal(s.inFlight, 0);
  });
});
