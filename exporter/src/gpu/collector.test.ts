import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import { createMetrics, type ExporterMetrics } from "../metrics/registry";
import { GpuCollector, startGpuCollector } from "./collector";
import { findExecutable } from "./find-executable";
import { NVIDIA_SMI_ARGS } from "./nvidia-smi";

/** A fake nvidia-smi: prints `out`, records its arguments, exits with `code` (or sleeps when `hang`). */
function fakeNvidiaSmi(): { dir: string; path: string; set(out: string, code?: number, hang?: boolean): void; args(): string } {
  const dir = mkdtempSync(join(tmpdir(), "fake-smi-"));
  const path = join(dir, "nvidia-smi");
  const set = (out: string, code = 0, hang = false): void => {
    writeFileSync(join(dir, "out"), out);
    writeFileSync(path, `#!/bin/sh\necho "$@" > "${dir}/args"\n${hang ? "exec sleep 30\n" : ""}cat "${dir}/out"\nexit ${code}\n`);
    chmodSync(path, 0o755);
  };
  set("");
  return { dir, path, set, args: () => readFileSync(join(dir, "args"), "utf8").trim() };
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(`${pino.levels.labels[JSON.parse(line).level]} ${JSON.parse(line).msg}`) });
  return Object.assign(logger, { lines });
}

async function gauges(m: ExporterMetrics): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const g of [m.gpuMemoryUsedMb, m.gpuMemoryTotalMb, m.gpuUtilizationPct, m.gpuTemperatureCelsius]) {
    for (const v of (await g.get()).values) out[`${(await g.get()).name}{${v.labels.gpu}}`] = v.value;
  }
  return out;
}

test("readings become the catalog's GPU gauges; vanished GPUs and N/A fields are removed", async () => {
  const smi = fakeNvidiaSmi();
  const metrics = createMetrics();
  const logger = recordingLogger();
  try {
    const collector = new GpuCollector(smi.path, { intervalMs: 1000, metrics, logger });
    smi.set("0, 100, 1000, 50, 60\n1, 200, 1000, 70, 80\n");
    await collector.collectOnce();
    assert.equal(smi.args(), NVIDIA_SMI_ARGS.join(" "));
    assert.deepEqual(await gauges(metrics), {
      "llm_gpu_memory_used_mb{0}": 100, "llm_gpu_memory_used_mb{1}": 200, "llm_gpu_memory_total_mb{0}": 1000, "llm_gpu_memory_total_mb{1}": 1000,
      "llm_gpu_utilization_pct{0}": 50, "llm_gpu_utilization_pct{1}": 70, "llm_gpu_temperature_celsius{0}": 60, "llm_gpu_temperature_celsius{1}": 80,
    });
    smi.set("0, 150, 1000, [N/A], 61\n");
    await collector.collectOnce();
    assert.deepEqual(await gauges(metrics), { "llm_gpu_memory_used_mb{0}": 150, "llm_gpu_memory_total_mb{0}": 1000, "llm_gpu_temperature_celsius{0}": 61 });
    assert.deepEqual(logger.lines, ["info gpu collector started"]);
  } finally {
    rmSync(smi.dir, { recursive: true, force: true });
  }
});

test("failed runs are counted by type, clear the gauges and log once per state change", async () => {
  const smi = fakeNvidiaSmi();
  const metrics = createMetrics();
  const logger = recordingLogger();
  try {
    const collector = new GpuCollector(smi.path, { intervalMs: 1000, timeoutMs: 100, metrics, logger });
    smi.set("0, 1, 2, 3, 4\n");
    await collector.collectOnce();
    smi.set("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n", 9);
    await collector.collectOnce();
    assert.deepEqual(await gauges(metrics), {});
    smi.set("garbage\n");
    await collector.collectOnce();
    smi.set("", 0, true);
    await collector.collectOnce();
    const errors = Object.fromEntries((await metrics.errorsTotal.get()).values.map((v) => [`${v.labels.error_type},${v.labels.component}`, v.value]));
    assert.deepEqual(errors, { "exit_status,gpu": 1, "malformed_output,gpu": 1, "timeout,gpu": 1 });
    smi.set("0, 1, 2, 3, 4\n");
    await collector.collectOnce();
    assert.deepEqual(logger.lines, ["info gpu collector started", "warn nvidia-smi failing", "info nvidia-smi recovered"]);
  } finally {
    rmSync(smi.dir, { recursive: true, force: true });
  }
});

test("no nvidia-smi: the collector is off after one info line", async () => {
  const logger = recordingLogger();
  const collector = startGpuCollector({ intervalMs: 10, nvidiaSmiPath: "/nonexistent/nvidia-smi", metrics: createMetrics(), logger });
  while (logger.lines.length === 0) await new Promise((r) => setTimeout(r, 5));
  collector.stop();
  assert.deepEqual(logger.lines, ["info nvidia-smi not found; GPU metrics collector off"]);
});

test("startGpuCollector polls a real executable until stopped", async () => {
  const smi = fakeNvidiaSmi();
  const metrics = createMetrics();
  try {
    smi.set("3, 10, 20, 30, 40\n");
    const collector = startGpuCollector({ intervalMs: 5, nvidiaSmiPath: smi.path, metrics, logger: recordingLogger() });
    while ((await metrics.gpuTemperatureCelsius.get()).values.length === 0) await new Promise((r) => setTimeout(r, 5));
    collector.stop();
    assert.deepEqual((await metrics.gpuTemperatureCelsius.get()).values.map((v) => [v.labels.gpu, v.value]), [["3", 40]]);
  } finally {
    rmSync(smi.dir, { recursive: true, force: true });
  }
});

test("findExecutable looks names up on PATH and skips non-executable files", async () => {
  const smi = fakeNvidiaSmi();
  try {
    assert.equal(await findExecutable("nvidia-smi", `/nonexistent:${smi.dir}`), smi.path);
    assert.equal(await findExecutable("nvidia-smi", "/nonexistent"), undefined);
    chmodSync(smi.path, 0o644);
    assert.equal(await findExecutable(smi.path), undefined);
  } finally {
    rmSync(smi.dir, { recursive: true, force: true });
  }
});
