import { isAlert, type RuleGroup } from "..";
import { parsePromql } from "./promql-parse";

/**
 * The rule files an alert needs: its own, plus those recording the series it reads, transitively. promtool
 * evaluates every loaded rule at every step, so loading only these keeps each case cheap.
 */
export function filesFor(groups: readonly RuleGroup[], alert: string): string[] {
  const recordedIn = new Map<string, Set<string>>();
  for (const g of groups) for (const r of g.rules) if (!isAlert(r)) recordedIn.set(r.record, (recordedIn.get(r.record) ?? new Set()).add(g.file));
  const exprsIn = (file: string) => groups.filter((g) => g.file === file).flatMap((g) => g.rules.map((r) => r.expr));
  const home = groups.find((g) => g.rules.some((r) => isAlert(r) && r.alert === alert));
  if (!home) throw new Error(`no rule file holds alert ${alert}`);
  const files = new Set<string>();
  const queue: string[] = [];
  const add = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    queue.push(...exprsIn(file).flatMap((e) => parsePromql(e).metrics));
  };
  add(home.file);
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) for (const file of recordedIn.get(name) ?? []) add(file);
  // In the stack's order, recording files first, so a step's alerts see that step's recorded values.
  const order = [...new Set(groups.map((g) => g.file))];
  return [...files].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
