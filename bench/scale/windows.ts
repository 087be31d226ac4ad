import { parser } from "@prometheus-io/lezer-promql";
import { durationSeconds } from "../../config";

/**
 * For each series name an expression selects, how far into the past it reaches, in seconds: `lookback` (the
 * span of a range query; 0 for a rule, which is an instant query) plus the range selector's window and offset
 * (`[1h] offset 30m` reaches 90 minutes back). Names that reach nothing are left out. Merged over many
 * expressions, the longest reach wins. The scale benchmark backfills each series that far, so every window
 * holds the data it would on a server that has been running for a while.
 */
export function reachOf(exprs: readonly string[], lookback = 0, into = new Map<string, number>()): Map<string, number> {
  for (const expr of exprs) {
    const text = (n: { from: number; to: number }) => expr.slice(n.from, n.to);
    parser.parse(expr).iterate({
      enter: (node) => {
        if (node.name !== "VectorSelector") return;
        const name = node.node.getChild("Identifier");
        if (!name) return;
        const matrix = node.node.parent?.name === "MatrixSelector" ? node.node.parent : null;
        const range = matrix?.getChild("DurationExpr");
        const offsetOf = matrix?.parent?.name === "OffsetExpr" ? matrix.parent.getChild("OffsetDurationExpr") : null;
        const reach = lookback + (range ? durationSeconds(text(range)) : 0) + (offsetOf ? durationSeconds(text(offsetOf)) : 0);
        if (reach > 0) into.set(text(name), Math.max(into.get(text(name)) ?? 0, reach));
      },
    });
  }
  return into;
}
