import { parser } from "@prometheus-io/lezer-promql";

/** How a query uses a label: grouping, vector matching, or copying/creating it with label_replace/label_join. */
export type LabelUseKind = "by" | "without" | "on" | "ignoring" | "group_left" | "group_right" | "label_replace" | "label_join" | "label_values";

export interface LabelUse {
  label: string;
  how: LabelUseKind;
}

export interface ParsedQuery {
  uses: LabelUse[];
  /** Syntax errors, `offset N: text`; a query that does not parse cannot be judged. */
  errors: string[];
}

const GROUPING_KEYWORD: Record<string, LabelUseKind> = { By: "by", Without: "without", On: "on", Ignoring: "ignoring", GroupLeft: "group_left", GroupRight: "group_right" };

function unquote(literal: string): string {
  if (literal.startsWith('"')) return JSON.parse(literal) as string;
  return literal.slice(1, -1);
}

/**
 * Every label a PromQL expression groups by, matches on, or copies/creates, from the grammar's syntax tree
 * (`@prometheus-io/lezer-promql`): `by`/`without`/`on`/`ignoring`/`group_left`/`group_right` label lists, the
 * destination and source labels of `label_replace` and `label_join`.
 */
export function labelUses(expr: string): ParsedQuery {
  const uses: LabelUse[] = [];
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (ref) => {
      if (ref.type.isError) errors.push(`offset ${ref.from}: ${JSON.stringify(expr.slice(ref.from, ref.to + 10))}`);
      if (ref.name === "GroupingLabels") {
        const how = GROUPING_KEYWORD[ref.node.prevSibling?.name ?? ""];
        if (!how) return;
        for (let c = ref.node.firstChild; c; c = c.nextSibling) {
          if (c.name === "LabelName") uses.push({ label: expr.slice(c.from, c.to), how });
        }
      }
      if (ref.name === "FunctionCall") {
        const fn = ref.node.getChild("FunctionIdentifier")?.firstChild?.name;
        if (fn !== "LabelReplace" && fn !== "LabelJoin") return;
        const strings = (ref.node.getChild("FunctionCallBody")?.getChildren("StringLiteral") ?? []).map((s) => unquote(expr.slice(s.from, s.to)));
        // label_replace(v, dst, replacement, src, regex); label_join(v, dst, separator, src...).
        const labels = fn === "LabelReplace" ? [strings[0], strings[2]] : [strings[0], ...strings.slice(2)];
        for (const label of labels) if (label) uses.push({ label, how: fn === "LabelReplace" ? "label_replace" : "label_join" });
      }
    },
  });
  return { uses, errors };
}

/**
 * Grafana's template syntax made parseable: interval macros become `5m`, other variables (`$model`, `${model}`,
 * `${model:regex}`, `[[model]]`) their bare name, which is what they stand for inside matchers and label lists.
 */
export function substituteGrafanaVariables(query: string): string {
  return query
    .replace(/\$\{?__(rate_interval|interval|range|range_s|range_ms|interval_ms)\}?/g, (_m, v: string) => (v.endsWith("_s") ? "300" : v.endsWith("_ms") ? "300000" : "5m"))
    .replace(/\$\{(\w+)(:[^}]*)?\}/g, "$1")
    .replace(/\[\[(\w+)(:[^\]]*)?\]\]/g, "$1")
    .replace(/\$(\w+)/g, "$1");
}

/**
 * A Grafana Prometheus query (panel target or template variable) as PromQL label uses. Variable queries
 * `label_values(selector, label)` and `query_result(expr)` are unwrapped first; `label_values` of a label counts as
 * a use of that label (a variable listing every value of it).
 */
export function grafanaQueryUses(query: string): ParsedQuery {
  const q = substituteGrafanaVariables(query.trim());
  const lv = /^label_values\((?:(.*),)?\s*([a-zA-Z_]\w*)\s*\)$/s.exec(q);
  if (lv) {
    const inner = lv[1] ? labelUses(lv[1]) : { uses: [], errors: [] };
    return { uses: [...inner.uses, { label: lv[2]!, how: "label_values" }], errors: inner.errors };
  }
  if (/^(label_names|metrics)\(.*\)$/s.test(q)) return { uses: [], errors: [] };
  const qr = /^query_result\((.*)\)$/s.exec(q);
  return labelUses(qr ? qr[1]! : q);
}
