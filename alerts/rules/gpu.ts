import { LLM_METRICS } from "../../catalog";
import { num } from "../promql";
import { RECORDED } from "../recorded";
import type { AlertRule, Runbook, RuleContext } from "../types";

const memoryRunbook = (level: string): Runbook => ({
  meaning: `GPU memory use is above the ${level} threshold (seed 000: 85 % warning, 95 % critical); the next allocation may fail with CUDA out-of-memory. With alerts.gpuMemoryPreallocated the warning instead means the backend's KV cache is full and the scheduler preempts requests.`,
  checks: [
    "GPU dashboard: memory per GPU and per model (llm_model_memory_mb) - which process grew?",
    "Scheduler: preemptions and batch size of the backend on that GPU.",
    "nvidia-smi on the node: a second process (another pod, a stuck job) sharing the GPU.",
  ],
  fixes: [
    "Unload unused models, lower max context length or max concurrent sequences.",
    "Move a model to another GPU, or use a quantised variant.",
    "Backends that reserve memory up front (vLLM gpu_memory_utilization): set alerts.gpuMemoryPreallocated so usage at the reservation does not page.",
  ],
});

const temperatureRunbook = (level: string): Runbook => ({
  meaning: `A GPU runs hotter than the ${level} threshold (seed 000: 80 °C warning, 90 °C critical); it throttles its clocks and may shut down.`,
  checks: ["GPU dashboard: temperature, power draw and utilisation of that GPU and its neighbours.", "Data-centre / node fans and airflow; recent changes in power limits."],
  fixes: ["Reduce load on the GPU (drain the node, move models).", "Fix cooling; lower the power limit (nvidia-smi -pl) until it is fixed."],
});

/**
 * Seed 000's GPU alerts on the unified `gpu:*` series, so they work with the exporter, DCGM or nvidia-smi.
 *
 * Backends that preallocate GPU memory (vLLM reserves gpu_memory_utilization of the card, 90 % by default, at
 * start) sit at a constant high usage, so a usage threshold says nothing about pressure there. With
 * `gpuMemoryPreallocated` the warning watches what does mean pressure inside the reservation: the scheduler
 * preempting requests because the KV cache is full. The critical alert keeps the usage threshold, because
 * usage above the reservation means something outside it allocates and out-of-memory is near.
 */
export function gpuAlerts(ctx: RuleContext): AlertRule[] {
  const t = ctx.thresholds;
  const usage = (pct: number) => `${RECORDED.gpuMemoryUtilization} > ${num(pct / 100)}`;
  const preemptions = `rate(${LLM_METRICS.schedulerPreemptionsTotal.name}[5m]) > 0`;
  const temperature = (celsius: number) => `${RECORDED.gpuTemperatureMax1m} > ${num(celsius)}`;
  return [
    ctx.gpuMemoryPreallocated
      ? {
          alert: "GPUMemoryHigh", expr: preemptions, for: t.gpuMemoryWarningFor,
          severity: "warning", service: "llm", signal: "gpu_memory",
          summary: "KV cache exhausted on {{ $labels.instance }}",
          description: "The backend on {{ $labels.instance }} preempts {{ $value | humanize }} requests/s: its preallocated GPU memory (KV cache) is full.",
          runbook: memoryRunbook("warning"),
        }
      : {
          alert: "GPUMemoryHigh", expr: usage(t.gpuMemoryWarningPct), for: t.gpuMemoryWarningFor,
          severity: "warning", service: "llm", signal: "gpu_memory",
          summary: "GPU memory high on {{ $labels.instance }} GPU {{ $labels.gpu }}",
          description: "GPU {{ $labels.gpu }} on {{ $labels.instance }} (source {{ $labels.source }}) uses {{ $value | humanizePercentage }} of its memory.",
          runbook: memoryRunbook("warning"),
        },
    {
      alert: "GPUMemoryCritical", expr: usage(t.gpuMemoryCriticalPct), for: t.gpuMemoryCriticalFor,
      severity: "critical", service: "llm", signal: "gpu_memory",
      summary: "GPU memory critical on {{ $labels.instance }} GPU {{ $labels.gpu }}",
      description: "GPU {{ $labels.gpu }} on {{ $labels.instance }} (source {{ $labels.source }}) uses {{ $value | humanizePercentage }} of its memory.",
      runbook: memoryRunbook("critical"),
    },
    {
      alert: "GPUTemperatureHigh", expr: temperature(t.gpuTemperatureWarningCelsius), for: t.gpuTemperatureWarningFor,
      severity: "warning", service: "llm", signal: "gpu_temperature",
      summary: "GPU hot on {{ $labels.instance }} GPU {{ $labels.gpu }}",
      description: "GPU {{ $labels.gpu }} on {{ $labels.instance }} is at {{ $value }} °C.",
      runbook: temperatureRunbook("warning"),
    },
    {
      alert: "GPUTemperatureCritical", expr: temperature(t.gpuTemperatureCriticalCelsius), for: t.gpuTemperatureCriticalFor,
      severity: "critical", service: "llm", signal: "gpu_temperature",
      summary: "GPU overheating on {{ $labels.instance }} GPU {{ $labels.gpu }}",
      description: "GPU {{ $labels.gpu }} on {{ $labels.instance }} is at {{ $value }} °C.",
      runbook: temperatureRunbook("critical"),
    },
  ];
}
