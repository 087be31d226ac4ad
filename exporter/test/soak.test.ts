import assert from "node:assert/strict";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Pool } from "undici";
import { startSimulator } from "../simulator/server";
import { exporterFor, valueOf } from "./helpers/harness";

// Lets the test force a full GC without a command-line flag, so heap numbers compare live objects only.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const CONCURRENCY = 32;
const chat = (i: number) => JSON.stringify({
  model: "sim-model", messages: [{ role: "user", content: `request ${i}` }], ...(i % 4 === 0 ? { stream: true } : {}),
});

function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;
}

async function drive(pool: Pool, from: number, to: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      const r = await pool.request({ method: "POST", path: "/v1/chat/completions", headers: { "content-type": "application/json" }, body: chat(i) });
      const text = await r.body.text();
      if (r.statusCode !== 200 || (i % 4 === 0 && !text.endsWith("data: [DONE]\n\n"))) assert.fail(`request ${i}: ${r.statusCode} ${text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

test("soak: 20,000 mixed unary/stream requests at concurrency 32 leave no sockets behind and a bounded heap", async (t) => {
  const sim = await startSimulator({ completionTokens: 8 });
  const { exporter } = await exporterFor(sim.url);
  const pool = new Pool(exporter.url, { connections: CONCURRENCY });
  try {
    await drive(pool, 0, 1000);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const socketsBefore = tcpHandles();
    const connectionsBefore = exporter.connections();

    await drive(pool, 1000, 21_000);
    gc();
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    t.diagnostic(`heap growth ${heapGrowthMb.toFixed(1)} MiB, TCP handles ${socketsBefore} -> ${tcpHandles()}, exporter connections ${connectionsBefore} -> ${exporter.connections()}`);

    const m = exporter.metrics;
    assert.equal(await valueOf(m.requestsTotal, { model_id: "sim-model" }), 21_000);
    assert.equal(await valueOf(m.tokensGeneratedTotal, { model_id: "sim-model" }), 21_000 * 8);
    assert.equal(await valueOf(m.requestsByStatusTotal, { mode: "stream" }), 21_000 / 4);
    assert.equal(await valueOf(m.failuresTotal), 0);
    assert.equal(await valueOf(m.concurrentRequests), 0);
    assert.ok(exporter.connections() <= connectionsBefore, "keep-alive connections are reused, not accumulated");
    // Four socket sets live in this process (client pool, proxy server, proxy->upstream pool, simulator server),
    // each at most as large as the peak concurrency; a per-request leak would show thousands.
    assert.ok(tcpHandles() <= 4 * CONCURRENCY + 8, `${tcpHandles()} TCP handles after 20,000 requests`);
    assert.ok(heapGrowthMb < 20, `heap grew ${heapGrowthMb.toFixed(1)} MiB over 20,000 requests`);
  } finally {
    await pool.close();
    await exporter.close();
    await sim.close();
  }
});
