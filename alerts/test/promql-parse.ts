import { parser } from "@prometheus-io/lezer-promql";

/** What the PromQL grammar makes of an expression: syntax errors and every metric name it selects. */
export interface ParsedExpr {
  /** `offset N: <text>` for each error node; empty when the expression parses. */
  readonly errors: string[];
  /** Metric (or recorded series) names, from `name{...}` and `{__name__="name"}` selectors. */
  readonly metrics: string[];
}

export function parsePromql(expr: string): ParsedExpr {
  const errors: string[] = [];
  const metrics = new Set<string>();
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`offset ${node.from}: ${JSON.stringify(expr.slice(node.from, node.to + 10))}`);
      if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") metrics.add(expr.slice(node.from, node.to));
      if (node.name === "UnquotedLabelMatcher") {
        const m = /^__name__\s*=\s*"([^"]+)"$/.exec(expr.slice(node.from, node.to));
        if (m) metrics.add(m[1]!);
      }
    },
  });
  return { errors, metrics: [...metrics].sort() };
}
