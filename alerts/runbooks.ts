import { environmentDefaults, type StackConfig } from "../config";
import { ruleGroups } from "./groups";
import { runbookAnchor } from "./render";
import { isAlert, type AlertRule } from "./types";

function section(r: AlertRule): string {
  const lines = [
    `## ${r.alert}`,
    "",
    `Severity: **${r.severity}** · service: \`${r.service}\``,
    "",
    r.runbook.meaning,
    "",
    "**First checks**",
    "",
    ...r.runbook.checks.map((c) => `- ${c}`),
    "",
    "**Likely fixes**",
    "",
    ...r.runbook.fixes.map((f) => `- ${f}`),
    "",
  ];
  return lines.join("\n");
}

/**
 * docs/runbooks.md, generated from the alert definitions (each carries its runbook text) so the runbook
 * cannot drift from the rules. Uses the prod defaults, where every alert is rendered; when an alert has two
 * variants (GPUMemoryHigh with and without preallocation) they share one runbook.
 */
export function renderRunbooks(config: StackConfig = environmentDefaults("prod")): string {
  const alerts = ruleGroups(config).flatMap((g) => g.rules.filter(isAlert));
  const header = [
    "# Runbooks",
    "",
    "One section per alert; each alert's `runbook_url` annotation points at its heading's anchor (the alert name in lower case).",
    "Generated from `alerts/` by `npx tsx alerts/write-runbooks.ts`; edit the runbook text next to the alert, not here.",
    "",
    ...alerts.map((a) => `- [${a.alert}](#${runbookAnchor(a.alert)}) (${a.severity})`),
    "",
  ];
  return [...header, ...alerts.map(section)].join("\n");
}
