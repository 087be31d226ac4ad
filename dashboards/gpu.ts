import { DCGM_METRICS } from "../catalog";
import { RECORDED } from "../alerts";
import type { StackConfig } from "../config";
import type { DashboardSpec } from "./dashboard";
import { above } from "./thresholds";

/** Per-GPU legend whichever exporter reports it (the exporter and DCGM set `gpu`, nvidia_gpu_exporter `uuid`). */
const GPU_LEGEND = "{{source}} {{instance}} {{gpu}}{{uuid}}";

/**
 * GPUs from any source (the exporter's nvidia-smi collector, DCGM, nvidia_gpu_exporter), read through the unified
 * `gpu:*` recorded series so one panel shows every GPU.
 */
export function gpuDashboard(config: StackConfig): DashboardSpec {
  const t = config.alerts.thresholds;
  return {
    uid: "llmobs-gpu",
    title: "GPU",
    description: "GPU memory, utilisation, temperature and power of every GPU serving models, whichever exporter reports it.",
    origin: "SPEC 5 (GPU dashboard), seed 000 GPU metrics, seed 003 gpu:* rules",
    tags: ["gpu"],
    panels: [
      {
        kind: "timeseries", title: "GPU memory used", unit: "percentunit", min: 0, max: 1,
        description: `Memory used / capacity per GPU. GPUMemoryHigh above ${t.gpuMemoryWarningPct} %, GPUMemoryCritical above ${t.gpuMemoryCriticalPct} %.`,
        queries: [{ expr: RECORDED.gpuMemoryUtilization, legend: GPU_LEGEND }],
        thresholds: above(t.gpuMemoryWarningPct / 100, t.gpuMemoryCriticalPct / 100),
      },
      {
        kind: "timeseries", title: "GPU utilisation (5 m average)", unit: "percentunit", min: 0, max: 1,
        description: `Compute utilisation per GPU. HighGPUUtilization above ${t.gpuUtilizationWarningPct} %.`,
        queries: [{ expr: RECORDED.gpuUtilization5m, legend: GPU_LEGEND }],
        thresholds: above(t.gpuUtilizationWarningPct / 100),
      },
      {
        kind: "timeseries", title: "GPU temperature (1 m max)", unit: "celsius", min: 0,
        description: `Hottest reading per GPU over 1 m. GPUTemperatureHigh above ${t.gpuTemperatureWarningCelsius} C, GPUTemperatureCritical above ${t.gpuTemperatureCriticalCelsius} C.`,
        queries: [{ expr: RECORDED.gpuTemperatureMax1m, legend: GPU_LEGEND }],
        thresholds: above(t.gpuTemperatureWarningCelsius, t.gpuTemperatureCriticalCelsius),
      },
      {
        kind: "timeseries", title: "GPU memory used and total", unit: "bytes", min: 0,
        description: "Bytes of GPU memory in use and the capacity, per GPU.",
        queries: [
          { expr: RECORDED.gpuMemoryUsedBytes, legend: `used ${GPU_LEGEND}` },
          { expr: RECORDED.gpuMemoryTotalBytes, legend: `total ${GPU_LEGEND}` },
        ],
      },
      {
        kind: "timeseries", title: "GPU power draw", unit: "watt", min: 0,
        description: "Power per GPU (DCGM only: nvidia-smi collectors do not report it).",
        queries: [{ expr: `max by (Hostname, gpu) (${DCGM_METRICS.powerUsage.name})`, legend: "{{Hostname}} {{gpu}}" }],
      },
    ],
  };
}
