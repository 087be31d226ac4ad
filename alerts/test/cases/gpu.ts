import { DCGM_METRICS, LLM_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { counter, gauge, sel, type Series } from "../series";

const gpu0 = { gpu: "0", instance: "node-1:9464" };
const dcgm0 = { gpu: "0", UUID: "GPU-aaaa", Hostname: "node-1" };

/** Exporter GPU memory: `usedMb` of 24000 MiB. */
const memory = (usedMb: number): Series => ({
  [sel(LLM_METRICS.gpuMemoryUsedMb.name, gpu0)]: gauge(usedMb, 15),
  [sel(LLM_METRICS.gpuMemoryTotalMb.name, gpu0)]: gauge(24000, 15),
});
const temperature = (celsius: number): Series => ({ [sel(LLM_METRICS.gpuTemperatureCelsius.name, gpu0)]: gauge(celsius, 15) });
const preemptions = (perMinute: number): Series => ({ [sel(LLM_METRICS.schedulerPreemptionsTotal.name, { instance: "vllm:8000" })]: counter([perMinute, 15]) });

const exporterGpu = { ...gpu0, source: "exporter" };

/** Seed 000's GPU alerts on the unified gpu:* series, including the preallocating-backend variant. */
export const gpuCases: AlertCase[] = [
  { name: "GPU memory 87.5 % > 85 %", alert: "GPUMemoryHigh", series: memory(21000), at: "10m", fires: [exporterGpu] },
  {
    name: "DCGM framebuffer 91.7 % > 85 %", alert: "GPUMemoryHigh", at: "10m", fires: [{ ...dcgm0, source: "dcgm" }],
    series: { [sel(DCGM_METRICS.fbUsed.name, dcgm0)]: gauge(22000, 15), [sel(DCGM_METRICS.fbFree.name, dcgm0)]: gauge(2000, 15) },
  },
  { name: "GPU memory 50 % is healthy", alert: "GPUMemoryHigh", series: memory(12000), at: "10m", fires: [] },
  { name: "GPU memory 97.9 % > 95 %", alert: "GPUMemoryCritical", series: memory(23500), at: "10m", fires: [exporterGpu] },
  { name: "GPU memory 87.5 % is below critical", alert: "GPUMemoryCritical", series: memory(21000), at: "10m", fires: [] },
  { name: "GPU 85 °C > 80 °C", alert: "GPUTemperatureHigh", series: temperature(85), at: "10m", fires: [exporterGpu] },
  {
    name: "DCGM GPU 85 °C > 80 °C", alert: "GPUTemperatureHigh", at: "10m", fires: [{ ...dcgm0, source: "dcgm" }],
    series: { [sel(DCGM_METRICS.gpuTemp.name, dcgm0)]: gauge(85, 15) },
  },
  { name: "GPU 70 °C is healthy", alert: "GPUTemperatureHigh", series: temperature(70), at: "10m", fires: [] },
  { name: "GPU 95 °C > 90 °C", alert: "GPUTemperatureCritical", series: temperature(95), at: "5m", fires: [exporterGpu] },
  { name: "GPU 85 °C is below critical", alert: "GPUTemperatureCritical", series: temperature(85), at: "5m", fires: [] },

  // vLLM-style preallocation: 91.7 % used all the time is normal; preemptions (KV cache full) are not.
  { variant: "preallocated", name: "preallocated: 91.7 % used does not warn", alert: "GPUMemoryHigh", series: { ...memory(22000), ...preemptions(0) }, at: "10m", fires: [] },
  {
    variant: "preallocated", name: "preallocated: KV cache preemptions warn", alert: "GPUMemoryHigh", at: "10m",
    series: { ...memory(22000), ...preemptions(3) }, fires: [{ instance: "vllm:8000" }],
  },
  { variant: "preallocated", name: "preallocated: 91.7 % used does not page", alert: "GPUMemoryCritical", series: memory(22000), at: "10m", fires: [] },
  { variant: "preallocated", name: "preallocated: 97.9 % (beyond the reservation) pages", alert: "GPUMemoryCritical", series: memory(23500), at: "10m", fires: [exporterGpu] },
];
