import { execFile } from "node:child_process";
import type { Logger } from "pino";
import { repeatWithPause } from "../adapters/repeat";
import type { ExporterMetrics } from "../metrics/registry";
import { findExecutable } from "./find-executable";
import { NVIDIA_SMI_ARGS, NvidiaSmiParseError, parseNvidiaSmiCsv, type GpuReading } from "./nvidia-smi";

/** Options of {@link GpuCollector} and {@link startGpuCollector}. */
export interface GpuCollectorOptions {
  /** Pause between the end of one nvidia-smi run and the start of the next, in ms. */
  intervalMs: number;
  /** nvidia-smi command name (looked up on PATH) or path. Defaults to "nvidia-smi". */
  nvidiaSmiPath?: string;
  /** Kill a run that takes longer than this, in ms. Defaults to intervalMs, at most 10000. */
  timeoutMs?: number;
  /** The exporter's instruments (exporter/src/metrics/registry.ts). */
  metrics: ExporterMetrics;
  /** Receives one line when the collector is off and one per state change (working, failing, recovered). */
  logger: Pick<Logger, "info" | "warn">;
}

/** Bounded `error_type` values of a failed run on `llm_errors_total{component="gpu"}`. */
export type GpuErrorType = "timeout" | "exit_status" | "malformed_output" | "exec_failed";

type Gauges = Pick<ExporterMetrics, "gpuMemoryUsedMb" | "gpuMemoryTotalMb" | "gpuUtilizationPct" | "gpuTemperatureCelsius">;
const FIELDS: readonly [keyof Omit<GpuReading, "gpu">, keyof Gauges][] = [
  ["memoryUsedMb", "gpuMemoryUsedMb"],
  ["memoryTotalMb", "gpuMemoryTotalMb"],
  ["utilizationPct", "gpuUtilizationPct"],
  ["temperatureCelsius", "gpuTemperatureCelsius"],
];

function run(path: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path, NVIDIA_SMI_ARGS, { timeout: timeoutMs, maxBuffer: 1024 * 1024, encoding: "utf8" }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

function classify(err: unknown): GpuErrorType {
  if (!(err instanceof Error)) return "exec_failed";
  if (err instanceof NvidiaSmiParseError) return "malformed_output";
  const e = err as { killed?: boolean; signal?: string | null; code?: unknown };
  if (e.killed === true && e.signal === "SIGTERM") return "timeout";
  return typeof e.code === "number" ? "exit_status" : "exec_failed";
}

/**
 * Runs nvidia-smi and publishes its readings as the catalog's GPU gauges. A GPU or a field that is no
 * longer reported is removed rather than left at its last value; a failed run removes them all, so a
 * dashboard shows a gap instead of a frozen temperature.
 */
export class GpuCollector {
  private readonly gpus = new Set<string>();
  private state: "new" | "ok" | "failing" = "new";
  private readonly timeoutMs: number;

  constructor(private readonly path: string, private readonly opts: GpuCollectorOptions) {
    if (!Number.isFinite(opts.intervalMs) || opts.intervalMs <= 0) throw new RangeError(`intervalMs = ${opts.intervalMs}: expected a number of ms > 0`);
    this.timeoutMs = opts.timeoutMs ?? Math.min(opts.intervalMs, 10_000);
  }

  /** Runs nvidia-smi once and updates the gauges. Never throws. */
  async collectOnce(): Promise<void> {
    try {
      const readings = parseNvidiaSmiCsv(await run(this.path, this.timeoutMs));
      this.publish(readings);
      this.setState("ok", { gpus: readings.length });
    } catch (err) {
      const errorType = classify(err);
      this.publish([]);
      this.opts.metrics.errorsTotal.inc({ error_type: errorType, component: "gpu" });
      this.setState("failing", { error_type: errorType, err: err instanceof Error ? err.message : String(err) });
    }
  }

  private setState(state: "ok" | "failing", detail: Record<string, string | number>): void {
    if (this.state === state) return;
    const fields = { nvidia_smi: this.path, ...detail };
    if (state === "failing") this.opts.logger.warn(fields, "nvidia-smi failing");
    else this.opts.logger.info(fields, this.state === "new" ? "gpu collector started" : "nvidia-smi recovered");
    this.state = state;
  }

  private publish(readings: readonly GpuReading[]): void {
    const m = this.opts.metrics;
    const seen = new Set(readings.map((r) => r.gpu));
    for (const gpu of this.gpus) {
      if (!seen.has(gpu)) for (const [, gauge] of FIELDS) m[gauge].remove({ gpu });
    }
    this.gpus.clear();
    for (const reading of readings) {
      this.gpus.add(reading.gpu);
      for (const [key, gauge] of FIELDS) {
        const value = reading[key];
        if (value === undefined) m[gauge].remove({ gpu: reading.gpu });
        else m[gauge].set({ gpu: reading.gpu }, value);
      }
    }
  }
}

/**
 * Polls nvidia-smi every `intervalMs`. Without an nvidia-smi binary (no GPU on this node, or DCGM does
 * the job) the collector stays off after one info line: an absent GPU is not an error. Returns at once;
 * the binary is looked up in the background.
 */
export function startGpuCollector(opts: GpuCollectorOptions): { stop(): void } {
  const command = opts.nvidiaSmiPath ?? "nvidia-smi";
  let loop: { stop(): void } | undefined;
  let stopped = false;
  void findExecutable(command).then((path) => {
    if (stopped) return;
    if (path === undefined) {
      opts.logger.info({ nvidia_smi: command }, "nvidia-smi not found; GPU metrics collector off");
      return;
    }
    const collector = new GpuCollector(path, opts);
    loop = repeatWithPause(() => collector.collectOnce(), opts.intervalMs);
  });
  return {
    stop() {
      stopped = true;
      loop?.stop();
    },
  };
}
