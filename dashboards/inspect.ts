import type { Dashboard, Panel } from "@grafana/grafana-foundation-sdk/dashboard";

/** One PromQL expression a dashboard sends to Prometheus: a panel target, a variable's query or an annotation. */
export interface DashboardQuery {
  readonly dashboard: string;
  readonly uid: string;
  /** Panel title, `variable <name>` or `annotation <name>`. */
  readonly source: string;
  readonly kind: "panel" | "variable" | "annotation";
  /** The expression as stored (with `$variables`); for a `label_values(selector, label)` variable, the selector. */
  readonly expr: string;
  /** An instant query (tables, pies, bar gauges): evaluated once at the end of the range. */
  readonly instant: boolean;
  /** Datasource uid the query goes to (may be a `${variable}`). */
  readonly datasource: string;
}

const LABEL_VALUES = /^label_values\(\s*(.+?)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/s;

/** `label_values(selector, label)` -> its parts, or undefined for any other variable query. */
export function labelValuesQuery(query: string): { selector: string; label: string } | undefined {
  const m = LABEL_VALUES.exec(query.trim());
  return m ? { selector: m[1]!, label: m[2]! } : undefined;
}

interface Target { expr?: string; instant?: boolean; datasource?: { uid?: string } }

/** Every PromQL expression of a dashboard JSON model, with where it comes from. */
export function dashboardQueries(d: Dashboard): DashboardQuery[] {
  const base = { dashboard: d.title ?? "", uid: d.uid ?? "" };
  const out: DashboardQuery[] = [];
  for (const v of d.templating?.list ?? []) {
    if (v.type !== "query") continue;
    const query = typeof v.query === "string" ? v.query : String((v.query as { query?: string } | undefined)?.query ?? "");
    const lv = labelValuesQuery(query);
    out.push({ ...base, source: `variable ${v.name}`, kind: "variable", expr: lv ? lv.selector : query, instant: true, datasource: v.datasource?.uid ?? "" });
  }
  for (const a of d.annotations?.list ?? []) {
    const expr = (a as { expr?: string }).expr;
    if (expr) out.push({ ...base, source: `annotation ${a.name}`, kind: "annotation", expr, instant: false, datasource: a.datasource?.uid ?? "" });
  }
  for (const p of (d.panels ?? []) as Panel[]) {
    for (const t of (p.targets ?? []) as Target[]) {
      if (t.expr === undefined) continue;
      out.push({ ...base, source: p.title ?? "", kind: "panel", expr: t.expr, instant: t.instant === true, datasource: t.datasource?.uid ?? p.datasource?.uid ?? "" });
    }
  }
  return out;
}

/** Values for Grafana's built-in interval variables, as a query would be sent for a given step. */
export interface BuiltinIntervals {
  /** `$__rate_interval`, e.g. `1m`. */
  readonly rateInterval: string;
  /** `$__interval`, e.g. `15s`. */
  readonly interval: string;
  /** `$__range` in seconds. */
  readonly rangeSeconds: number;
}

/**
 * The expression with every variable replaced as Grafana would before sending it: built-ins from `builtins`,
 * dashboard variables from `values` (a multi-value selection becomes a regex alternation, as Grafana formats it
 * for `=~`). An unknown `$variable` is left in place, so a check on the result finds it.
 */
export function substituteVariables(expr: string, values: Readonly<Record<string, string | readonly string[]>>, builtins: BuiltinIntervals): string {
  const builtin: Record<string, string> = {
    __rate_interval: builtins.rateInterval,
    __interval: builtins.interval,
    __range: `${builtins.rangeSeconds}s`,
    __range_s: String(builtins.rangeSeconds),
  };
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    if (builtin[name] !== undefined) return builtin[name]!;
    const v = values[name];
    if (v === undefined) return whole;
    return typeof v === "string" ? v : v.length === 1 ? v[0]! : `(${v.join("|")})`;
  });
}

/** Names of the `$variables` an expression uses, built-ins (`$__...`) left out. */
export function usedVariables(expr: string): string[] {
  return [...expr.matchAll(/\$\{(\w+)\}|\$(\w+)/g)].map((m) => (m[1] ?? m[2])!).filter((n) => !n.startsWith("__"));
}
