export { startSimulator, type SimulatorHandle } from "./server";
export { parseSimulatorArgs, resolveSimulatorOptions, SIMULATOR_DEFAULTS, type SimulatorOptions } from "./options";
export { FAULT_HEADER, FAULT_MODES, faultFromModel, type FaultMode } from "./faults";
export { renderVllmMetrics, type SimulatorStats } from "./vllm-metrics";
export { chatPromptTokens, inputTokens, textTokens } from "./tokens";
