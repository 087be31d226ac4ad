import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import { PROMETHEUS } from "./datasources";
import { buildPanel, layout, type PanelSpec } from "./panel";

/** A dashboard as the dashboards/ modules declare it. */
export interface DashboardSpec {
  /** Stable uid: the file name in the bundle and the URL path in Grafana; never changes once published. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** Which seed or need the dashboard answers (for the README table). */
  readonly origin: string;
  readonly tags: readonly string[];
  readonly panels: readonly PanelSpec[];
  /** Template variables. Defaults to none. */
  readonly variables?: readonly cog.Builder<dashboard.VariableModel>[];
  /** Annotation queries besides Grafana's built-in one. Defaults to none. */
  readonly annotations?: readonly cog.Builder<dashboard.AnnotationQuery>[];
  /** Datasource of every panel. Defaults to the stack's Prometheus. */
  readonly datasource?: dashboard.DataSourceRef;
}

/** The Grafana dashboard JSON model of a spec, built with the foundation SDK. */
export function buildDashboard(spec: DashboardSpec): dashboard.Dashboard {
  const datasource = spec.datasource ?? PROMETHEUS;
  const b = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(["llm-observability", ...spec.tags])
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .refresh("30s")
    .time({ from: "now-1h", to: "now" })
    .timezone("browser");
  for (const v of spec.variables ?? []) b.withVariable(v);
  for (const a of spec.annotations ?? []) b.annotation(a);
  const positions = layout(spec.panels);
  spec.panels.forEach((p, i) => b.withPanel(buildPanel(p, datasource, positions[i]!).id(i + 1)));
  return b.build();
}
