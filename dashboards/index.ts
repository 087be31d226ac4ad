import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import type { StackConfig } from "../config";
import { buildDashboard, type DashboardSpec } from "./dashboard";
import { ensembleDashboard } from "./ensemble";
import { exporterHealthDashboard } from "./exporter-health";
import { gpuDashboard } from "./gpu";
import { guardianOverviewDashboard, specialistPerformanceDashboard } from "./guardian";
import { llmInferenceDashboard } from "./llm-inference";
import { siemDashboard } from "./siem";
import { slaDashboard } from "./sla";
import { sloDashboard } from "./slo";

export type { DashboardSpec } from "./dashboard";
export type { PanelKind, PanelSpec, Query } from "./panel";
export { DATASOURCE_UIDS, EXEMPLAR_TRACE_LABEL, PROMETHEUS } from "./datasources";
export { dashboardQueries, substituteVariables, type DashboardQuery } from "./inspect";

/** Every dashboard of a stack, as specs (titles, origins, panels), in the order the README lists them. */
export function dashboardSpecs(config: StackConfig): DashboardSpec[] {
  return [
    llmInferenceDashboard(config),
    slaDashboard(config),
    siemDashboard(config),
    ensembleDashboard(config),
    guardianOverviewDashboard(config),
    specialistPerformanceDashboard(config),
    gpuDashboard(config),
    exporterHealthDashboard(config),
    sloDashboard(config),
  ];
}

/** Every dashboard of a stack as Grafana JSON models. Thresholds come from `config.alerts.thresholds`. */
export function dashboards(config: StackConfig): Dashboard[] {
  return dashboardSpecs(config).map(buildDashboard);
}

/** Dashboard JSON as written to files and ConfigMaps: stable key order and a trailing newline, so renders repeat byte for byte. */
export function dashboardJson(d: Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}

/** Bundle path -> JSON of every dashboard: `grafana/dashboards/<uid>.json`. */
export function dashboardFiles(config: StackConfig): Record<string, string> {
  return Object.fromEntries(dashboards(config).map((d) => [`grafana/dashboards/${d.uid}.json`, dashboardJson(d)]));
}
