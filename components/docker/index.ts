export { stackContainer, type PublishedPort, type StackContainerArgs, type UploadedFile } from "./container";
export { stackVolume } from "./volume";
export { containerLimits, cpus, memoryMb } from "./resources";
