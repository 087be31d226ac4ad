export { GpuCollector, startGpuCollector, type GpuCollectorOptions, type GpuErrorType } from "./collector";
export { NVIDIA_SMI_ARGS, NvidiaSmiParseError, parseNvidiaSmiCsv, type GpuReading } from "./nvidia-smi";
export { findExecutable } from "./find-executable";
