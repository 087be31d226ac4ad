import { DCGM_METRICS, LLM_METRICS } from "../../../catalog";
import type { AlertCase } from "../harness";
import { counter, gauge, sel, type Series } from "../series";

// Kubernetes discovery labels every target with its node; the same GPU seen by both exporters shares node and index.
const gpu0 = { gpu: "0", instance: "10.0.0.7:9464", node: "node-1" };
const dcgm0 = { gpu: "0", UUID: "GPU-aaaa", Hostname: "node-1", instance: "10.0.0.9:9400", node: "node-1" };
const dcgmGpu = { ...dcgm0, source: "dcgm" };

/** Exporter GPU memory: `usedMb` of 24000 MiB. */
const memory = (usedMb: number): Series => ({
  [sel(LLM_METRICS.gpuMemoryUsedMb.name, gpu0)]: gauge(usedMb, 15),
  [sel(LLM_METRICS.gpuMemoryTotalMb.name, gpu0)]: gauge(24000, 15),
});
const temperature = (celsius: number): Series => ({ [sel(LLM_METRICS.gpuTemperatureCelsius.name, gpu0)]: gauge(celsius, 15) });
const preemptions = (perMinute: number): Series => ({ [sel(LLM_METRICS.schedulerPreemptionsTotal.name, { instance: "vllm:8000" })]: counter([perMinute, 15]) });

const exporterGpu = { ...gpu0, source: "exporter" };

/** DCGM exporter series of GPU 0 on node-1: framebuffer `usedMb` of 24000 MiB, `celsius`, `utilPct`. */
const dcgm = (f: { usedMb?: number; celsius?: number; utilPct?: number }, labels: Record<string, string> = dcgm0): Series => ({
  ...(f.usedMb === undefined ? {} : {
    [sel(DCGM_METRICS.fbUsed.name, labels)]: gauge(f.usedMb, 25),
    [sel(DCGM_METRICS.fbFree.name, labels)]: gauge(24000 - f.usedMb, 25),
  }),
  ...(f.celsius === undefined ? {} : { [sel(DCGM_METRICS.gpuTemp.name, labels)]: gauge(f.celsius, 25) }),
  ...(f.utilPct === undefined ? {} : { [sel(DCGM_METRICS.gpuUtil.name, labels)]: gauge(f.utilPct, 25) }),
});

/** Seed 000's GPU alerts on the unified gpu:* series, including the preallocating-backend variant. */
export const gpuCases: AlertCase[] = [
  { name: "GPU memory 87.5 % > 85 %", alert: "GPUMemoryHigh", series: memory(21000), at: "10m", fires: [exporterGpu] },
  { name: "DCGM framebuffer 91.7 % > 85 %", alert: "GPUMemoryHigh", series: dcgm({ usedMb: 22000 }), at: "10m", fires: [dcgmGpu] },
  { name: "GPU memory 50 % is healthy", alert: "GPUMemoryHigh", series: memory(12000), at: "10m", fires: [] },
  { name: "GPU memory 97.9 % > 95 %", alert: "GPUMemoryCritical", series: memory(23500), at: "10m", fires: [exporterGpu] },
  { name: "GPU memory 87.5 % is below critical", alert: "GPUMemoryCritical", series: memory(21000), at: "10m", fires: [] },
  { name: "GPU 85 °C > 80 °C", alert: "GPUTemperatureHigh", series: temperature(85), at: "10m", fires: [exporterGpu] },
  { name: "DCGM GPU 85 °C > 80 °C", alert: "GPUTemperatureHigh", series: dcgm({ celsius: 85 }), at: "10m", fires: [dcgmGpu] },
  { name: "GPU 70 °C is healthy", alert: "GPUTemperatureHigh", series: temperature(70), at: "10m", fires: [] },
  { name: "GPU 95 °C > 90 °C", alert: "GPUTemperatureCritical", series: temperature(95), at: "5m", fires: [exporterGpu] },
  { name: "GPU 85 °C is below critical", alert: "GPUTemperatureCritical", series: temperature(85), at: "5m", fires: [] },

  // DCGM alone drives every GPU alert through its mapping onto llm_gpu_*.
  { name: "DCGM framebuffer 97.9 % > 95 %", alert: "GPUMemoryCritical", series: dcgm({ usedMb: 23500 }), at: "10m", fires: [dcgmGpu] },
  { name: "DCGM framebuffer 50 % is healthy", alert: "GPUMemoryHigh", series: dcgm({ usedMb: 12000 }), at: "10m", fires: [] },
  { name: "DCGM GPU 95 °C > 90 °C", alert: "GPUTemperatureCritical", series: dcgm({ celsius: 95 }), at: "5m", fires: [dcgmGpu] },
  { name: "DCGM GPU 70 °C is healthy", alert: "GPUTemperatureHigh", series: dcgm({ celsius: 70 }), at: "10m", fires: [] },

  // Both exporters report GPU 0 of node-1: DCGM's reading counts, the alert fires once.
  { name: "both sources, GPU memory high: fires once, from DCGM", alert: "GPUMemoryHigh", series: { ...memory(21000), ...dcgm({ usedMb: 22000 }) }, at: "10m", fires: [dcgmGpu] },
  { name: "both sources, GPU memory critical: fires once", alert: "GPUMemoryCritical", series: { ...memory(23500), ...dcgm({ usedMb: 23500 }) }, at: "10m", fires: [dcgmGpu] },
  { name: "both sources, GPU hot: fires once", alert: "GPUTemperatureHigh", series: { ...temperature(85), ...dcgm({ celsius: 85 }) }, at: "10m", fires: [dcgmGpu] },
  { name: "both sources, GPU overheating: fires once", alert: "GPUTemperatureCritical", series: { ...temperature(95), ...dcgm({ celsius: 95 }) }, at: "5m", fires: [dcgmGpu] },
  {
    name: "DCGM on node-1 does not hide the exporter's GPU on node-2", alert: "GPUMemoryHigh", at: "10m",
    series: {
      ...dcgm({ usedMb: 22000 }),
      [sel(LLM_METRICS.gpuMemoryUsedMb.name, { ...gpu0, node: "node-2" })]: gauge(21000, 15),
      [sel(LLM_METRICS.gpuMemoryTotalMb.name, { ...gpu0, node: "node-2" })]: gauge(24000, 15),
    },
    fires: [dcgmGpu, { ...exporterGpu, node: "node-2" }],
  },

  // vLLM-style preallocation: 91.7 % used all the time is normal; preemptions (KV cache full) are not.
  { variant: "preallocated", name: "preallocated: 91.7 % used does not warn", alert: "GPUMemoryHigh", series: { ...memory(22000), ...preemptions(0) }, at: "10m", fires: [] },
  {
    variant: "preallocated", name: "preallocated: KV cache preemptions warn", alert: "GPUMemoryHigh", at: "10m",
    series: { ...memory(22000), ...preemptions(3) }, fires: [{ instance: "vllm:8000" }],
  },
  { variant: "preallocated", name: "preallocated: 91.7 % used does not page", alert: "GPUMemoryCritical", series: memory(22000), at: "10m", fires: [] },
  { variant: "preallocated", name: "preallocated: 97.9 % (beyond the reservation) pages", alert: "GPUMemoryCritical", series: memory(23500), at: "10m", fires: [exporterGpu] },
];
