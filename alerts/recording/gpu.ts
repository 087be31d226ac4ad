import { DCGM_METRICS, LLM_METRICS, NVIDIA_SMI_METRICS } from "../../catalog";
import { RECORDED } from "../recorded";
import type { RecordingRule } from "../types";

const MIB = 1_048_576;
const exporter = { source: "exporter" };
const dcgm = { source: "dcgm" };
const smi = { source: "nvidia-smi" };

const fbUsed = DCGM_METRICS.fbUsed.name;
const fbTotal = `(${fbUsed} + ${DCGM_METRICS.fbFree.name})`;

/**
 * One GPU vocabulary whatever reports the GPU: the exporter's `llm_gpu_*` (nvidia-smi/NVML on the node),
 * NVIDIA's DCGM exporter (`DCGM_FI_DEV_*`) or the nvidia_gpu_exporter of seed 003 (`nvidia_smi_*`). Per-GPU
 * labels are kept as each exporter sets them; `source` tells the three apart. Seed 003's
 * `gpu:utilization:avg5m` and `gpu:memory_utilization:ratio` keep their names and 0-1 scale.
 */
export function gpuRecordingRules(): RecordingRule[] {
  const used = LLM_METRICS.gpuMemoryUsedMb.name;
  const total = LLM_METRICS.gpuMemoryTotalMb.name;
  return [
    { record: RECORDED.gpuMemoryUtilization, expr: `${used} / ${total}`, labels: exporter },
    { record: RECORDED.gpuMemoryUtilization, expr: `${fbUsed} / ${fbTotal}`, labels: dcgm },
    { record: RECORDED.gpuMemoryUtilization, expr: `${NVIDIA_SMI_METRICS.memoryUsed.name} / ${NVIDIA_SMI_METRICS.memoryTotal.name}`, labels: smi },
    { record: RECORDED.gpuMemoryUsedBytes, expr: `${used} * ${MIB}`, labels: exporter },
    { record: RECORDED.gpuMemoryUsedBytes, expr: `${fbUsed} * ${MIB}`, labels: dcgm },
    { record: RECORDED.gpuMemoryUsedBytes, expr: NVIDIA_SMI_METRICS.memoryUsed.name, labels: smi },
    { record: RECORDED.gpuMemoryTotalBytes, expr: `${total} * ${MIB}`, labels: exporter },
    { record: RECORDED.gpuMemoryTotalBytes, expr: `${fbTotal} * ${MIB}`, labels: dcgm },
    { record: RECORDED.gpuMemoryTotalBytes, expr: NVIDIA_SMI_METRICS.memoryTotal.name, labels: smi },
    { record: RECORDED.gpuUtilization5m, expr: `avg_over_time(${LLM_METRICS.gpuUtilizationPct.name}[5m]) / 100`, labels: exporter },
    { record: RECORDED.gpuUtilization5m, expr: `avg_over_time(${DCGM_METRICS.gpuUtil.name}[5m]) / 100`, labels: dcgm },
    { record: RECORDED.gpuUtilization5m, expr: `avg_over_time(${NVIDIA_SMI_METRICS.utilization.name}[5m])`, labels: smi },
    { record: RECORDED.gpuTemperatureMax1m, expr: `max_over_time(${LLM_METRICS.gpuTemperatureCelsius.name}[1m])`, labels: exporter },
    { record: RECORDED.gpuTemperatureMax1m, expr: `max_over_time(${DCGM_METRICS.gpuTemp.name}[1m])`, labels: dcgm },
  ];
}
