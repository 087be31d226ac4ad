import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseLlamaCppMetrics } from "./llamacpp";
import { OllamaPsError, parseOllamaPs } from "./ollama";
import { parseTgiMetrics } from "./tgi";
import { parseVllmMetrics } from "./vllm";

const fixture = (name: string): string => readFileSync(join(__dirname, "../../fixtures", name), "utf8");

test("vLLM V0 names (gpu_prefix_cache_*) map to the snapshot", () => {
  assert.deepEqual(parseVllmMetrics(fixture("vllm-v0-metrics.txt")), {
    queueLength: 3, runningRequests: 7, batchSize: 7, preemptionsTotal: 12,
    cacheHits: { prefix: 640 }, cacheMisses: { prefix: 360 }, modelsLoaded: 1,
  });
});

test("vLLM V1 names (prefix_cache_*) are summed over engines", () => {
  assert.deepEqual(parseVllmMetrics(fixture("vllm-v1-metrics.txt")), {
    queueLength: 2, runningRequests: 9, batchSize: 9, preemptionsTotal: 3,
    cacheHits: { prefix: 1536 }, cacheMisses: { prefix: 2560 }, modelsLoaded: 1,
  });
});

test("llama.cpp: deferred is the queue, processing the batch", () => {
  assert.deepEqual(parseLlamaCppMetrics(fixture("llamacpp-metrics.txt")), {
    queueLength: 5, runningRequests: 2, batchSize: 2, modelsLoaded: 1,
  });
});

test("TGI: queue size and current batch", () => {
  assert.deepEqual(parseTgiMetrics(fixture("tgi-metrics.txt")), { queueLength: 6, runningRequests: 12, batchSize: 12, modelsLoaded: 1 });
});

test("a page without the backend's metrics yields an empty snapshot, not zeros", () => {
  assert.deepEqual(parseVllmMetrics("process_cpu_seconds_total 3\n"), {});
  assert.deepEqual(parseTgiMetrics(""), {});
});

test("Ollama /api/ps: loaded models and VRAM per model in MiB", () => {
  assert.deepEqual(parseOllamaPs(JSON.parse(fixture("ollama-ps.json"))), {
    modelsLoaded: 2, modelMemoryMb: { "llama3.1:8b": 5120, "nomic-embed-text:latest": 0 },
  });
  assert.deepEqual(parseOllamaPs({ models: [{ name: "old", size: 1048576 }] }), { modelsLoaded: 1, modelMemoryMb: { old: 1 } });
  assert.throws(() => parseOllamaPs({ data: [] }), OllamaPsError);
  assert.throws(() => parseOllamaPs({ models: [{ name: "x" }] }), /model "x": expected a numeric "size_vram" or "size"/);
});
