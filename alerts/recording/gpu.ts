import { DCGM_METRICS, LLM_METRICS, NVIDIA_SMI_METRICS } from "../../catalog";
import { RECORDED } from "../recorded";
import type { RecordingRule } from "../types";

const MIB = 1_048_576;
const exporter = { source: "exporter" };
const dcgm = { source: "dcgm" };
const smi = { source: "nvidia-smi" };

const used = LLM_METRICS.gpuMemoryUsedMb.name;
const total = LLM_METRICS.gpuMemoryTotalMb.name;
const util = LLM_METRICS.gpuUtilizationPct.name;
const temperature = LLM_METRICS.gpuTemperatureCelsius.name;

/**
 * A GPU both exporters report is the same GPU: its node (the `node` target label Kubernetes discovery sets; none
 * on the one Docker host) and index. DCGM reads the driver directly and has more fields, so it wins: the
 * exporter's own nvidia-smi reading of that GPU is left out, and an alert fires once, not once per exporter.
 */
const SAME_GPU = "on(node, gpu)";

/** The exporter's own reading of `metric` (no `source` label), for GPUs DCGM does not report. */
const own = (metric: string) => `${metric}{source=""}`;
const fromDcgm = (metric: string) => `${metric}{source="dcgm"}`;
const notOnDcgm = (expr: string, metric: string) => `${expr} unless ${SAME_GPU} ${fromDcgm(metric)}`;

/**
 * NVIDIA's DCGM exporter (`DCGM_FI_DEV_*`) translated into seed 000's `llm_gpu_*` gauges, labelled
 * `source="dcgm"`, so every panel and alert written against the catalog's GPU names works with either source.
 * DCGM's framebuffer fields are MiB like the exporter's; its total is used + free.
 */
export function dcgmMappingRules(): RecordingRule[] {
  return [
    { record: used, expr: DCGM_METRICS.fbUsed.name, labels: dcgm },
    { record: total, expr: `${DCGM_METRICS.fbUsed.name} + ${DCGM_METRICS.fbFree.name}`, labels: dcgm },
    { record: util, expr: DCGM_METRICS.gpuUtil.name, labels: dcgm },
    { record: temperature, expr: DCGM_METRICS.gpuTemp.name, labels: dcgm },
    { record: RECORDED.gpuPowerWatts, expr: DCGM_METRICS.powerUsage.name, labels: dcgm },
  ];
}

/**
 * One GPU vocabulary whatever reports the GPU: the exporter's `llm_gpu_*` (nvidia-smi/NVML on the node),
 * NVIDIA's DCGM exporter (mapped onto `llm_gpu_*` first, see dcgmMappingRules) or the nvidia_gpu_exporter of
 * seed 003 (`nvidia_smi_*`). Per-GPU labels are kept as each exporter sets them; `source` tells them apart.
 * Seed 003's `gpu:utilization:avg5m` and `gpu:memory_utilization:ratio` keep their names and 0-1 scale. The
 * mapping rules come first: rules of a group are evaluated in order, so the gpu:* rules see this round's values.
 */
export function gpuRecordingRules(): RecordingRule[] {
  const perSource = (record: string, expr: (metric: (m: string) => string) => string, metric: string): RecordingRule[] => [
    { record, expr: notOnDcgm(expr(own), metric), labels: exporter },
    { record, expr: expr(fromDcgm), labels: dcgm },
  ];
  return [
    ...dcgmMappingRules(),
    ...perSource(RECORDED.gpuMemoryUtilization, (s) => `${s(used)} / ${s(total)}`, used),
    { record: RECORDED.gpuMemoryUtilization, expr: `${NVIDIA_SMI_METRICS.memoryUsed.name} / ${NVIDIA_SMI_METRICS.memoryTotal.name}`, labels: smi },
    ...perSource(RECORDED.gpuMemoryUsedBytes, (s) => `${s(used)} * ${MIB}`, used),
    { record: RECORDED.gpuMemoryUsedBytes, expr: NVIDIA_SMI_METRICS.memoryUsed.name, labels: smi },
    ...perSource(RECORDED.gpuMemoryTotalBytes, (s) => `${s(total)} * ${MIB}`, total),
    { record: RECORDED.gpuMemoryTotalBytes, expr: NVIDIA_SMI_METRICS.memoryTotal.name, labels: smi },
    ...perSource(RECORDED.gpuUtilization5m, (s) => `avg_over_time(${s(util)}[5m]) / 100`, util),
    { record: RECORDED.gpuUtilization5m, expr: `avg_over_time(${NVIDIA_SMI_METRICS.utilization.name}[5m])`, labels: smi },
    ...perSource(RECORDED.gpuTemperatureMax1m, (s) => `max_over_time(${s(temperature)}[1m])`, temperature),
  ];
}
