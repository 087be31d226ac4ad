import * as bargauge from "@grafana/grafana-foundation-sdk/bargauge";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as heatmap from "@grafana/grafana-foundation-sdk/heatmap";
import * as piechart from "@grafana/grafana-foundation-sdk/piechart";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { NEUTRAL, type Steps } from "./thresholds";

/** One PromQL target of a panel. */
export interface Query {
  readonly expr: string;
  /** Legend template (`{{model_id}}`). Defaults to Grafana's (the series labels). */
  readonly legend?: string;
  /** Also fetch exemplars (latency histograms): each links to its trace in Jaeger. Defaults to false. */
  readonly exemplar?: boolean;
  /** One value per series at the end of the range (tables, pies). Defaults to a range query. */
  readonly instant?: boolean;
  /** `heatmap` for bucket series, `table` for tables. Defaults to time series. */
  readonly format?: "heatmap" | "table";
}

export type PanelKind = "timeseries" | "stat" | "piechart" | "bargauge" | "heatmap" | "table";

/** A panel as the dashboards declare it; `buildPanel` turns it into the SDK's builder. */
export interface PanelSpec {
  readonly kind: PanelKind;
  readonly title: string;
  /** What the panel shows and, where an alert watches it, which alert and threshold. */
  readonly description: string;
  /** Grafana unit id (`s`, `ms`, `percent`, `percentunit`, `reqps`, `bytes`, `short`, ...). */
  readonly unit: string;
  readonly queries: readonly Query[];
  /** Threshold steps (from the alert thresholds of the stack config). Defaults to one neutral step. */
  readonly thresholds?: Steps;
  /** Stack the series (time series only). Defaults to false. */
  readonly stacked?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Value -> text, e.g. 0 -> "Not loaded". Defaults to none. */
  readonly mappings?: Readonly<Record<string, string>>;
  /** Width in grid columns (of 24). Defaults to 12. */
  readonly width?: number;
}

const HEIGHT = 8;
const COLUMNS = 24;

type Datasource = dashboard.DataSourceRef;

function targets(spec: PanelSpec, datasource: Datasource) {
  return spec.queries.map((q, i) => {
    const b = new prometheus.DataqueryBuilder().refId(String.fromCharCode(65 + i)).expr(q.expr).datasource(datasource);
    if (q.legend !== undefined) b.legendFormat(q.legend);
    if (q.exemplar) b.exemplar(true);
    if (q.instant) b.instant();
    else b.range();
    if (q.format === "heatmap") b.format(prometheus.PromQueryFormat.Heatmap);
    if (q.format === "table") b.format(prometheus.PromQueryFormat.Table);
    return b;
  });
}

function valueMappings(mappings: Readonly<Record<string, string>> | undefined): dashboard.ValueMapping[] {
  if (mappings === undefined) return [];
  const options = Object.fromEntries(Object.entries(mappings).map(([value, text], index) => [value, { text, index }]));
  return [{ type: dashboard.MappingType.ValueToText, options }];
}

/** Single-value panels show each series' last value. */
const lastValue = () => new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]);

function builderOf(spec: PanelSpec) {
  switch (spec.kind) {
    case "timeseries": {
      const b = new timeseries.PanelBuilder().fillOpacity(spec.stacked ? 60 : 10).showPoints(common.VisibilityMode.Never);
      if (spec.stacked) b.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
      // The alert thresholds as lines on the graph, so a reader sees how far the series is from firing.
      if (spec.thresholds) b.thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line));
      return b;
    }
    case "stat":
      return new stat.PanelBuilder().colorMode(common.BigValueColorMode.Background).graphMode(common.BigValueGraphMode.Area).reduceOptions(lastValue());
    case "piechart":
      return new piechart.PanelBuilder().pieType(piechart.PieChartType.Pie).displayLabels([piechart.PieChartLabels.Percent]).reduceOptions(lastValue());
    case "bargauge":
      return new bargauge.PanelBuilder()
        .displayMode(common.BarGaugeDisplayMode.Gradient).orientation(common.VizOrientation.Horizontal).reduceOptions(lastValue());
    case "heatmap":
      return new heatmap.PanelBuilder().calculate(false);
    case "table":
      return new table.PanelBuilder();
  }
}

/** The SDK panel of a spec, at grid position `pos`. */
export function buildPanel(spec: PanelSpec, datasource: Datasource, pos: dashboard.GridPos) {
  const b = builderOf(spec)
    .title(spec.title)
    .description(spec.description)
    .datasource(datasource)
    .unit(spec.unit)
    .gridPos(pos)
    .targets(targets(spec, datasource))
    .thresholds(new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([...(spec.thresholds ?? NEUTRAL)]));
  if (spec.min !== undefined) b.min(spec.min);
  if (spec.max !== undefined) b.max(spec.max);
  const mappings = valueMappings(spec.mappings);
  if (mappings.length > 0) b.mappings(mappings);
  return b;
}

/** Grid positions for panels laid out left to right, top to bottom, in rows of 24 columns. */
export function layout(specs: readonly PanelSpec[]): dashboard.GridPos[] {
  let x = 0;
  let y = 0;
  return specs.map((s) => {
    const w = s.width ?? 12;
    if (x + w > COLUMNS) {
      x = 0;
      y += HEIGHT;
    }
    const pos = { x, y, w, h: HEIGHT };
    x += w;
    return pos;
  });
}
