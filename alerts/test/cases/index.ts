import type { AlertCase } from "../harness";
import { annotationCases } from "./annotations";
import { anomalyCases } from "./anomaly";
import { applicationCases } from "./applications";
import { exporterCases } from "./exporter";
import { gpuCases } from "./gpu";
import { infrastructureCases } from "./infrastructure";
import { llmCases } from "./llm";
import { overrideCases } from "./overrides";
import { siemCases } from "./siem";
import { sloCases } from "./slo";

/** Every promtool case, across all config variants. */
export const ALL_CASES: readonly AlertCase[] = [
  ...llmCases, ...gpuCases, ...siemCases, ...applicationCases, ...infrastructureCases, ...exporterCases, ...sloCases, ...anomalyCases,
  ...overrideCases, ...annotationCases,
];
