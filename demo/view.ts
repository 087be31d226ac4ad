import { BREAKER_QUERY, BREAKER_STATES, type ViewPanel } from "./queries";

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** An alert as Alertmanager's v2 API lists it. */
export interface AmAlert {
  labels: Record<string, string>;
  status: { state: string };
}

async function instant(prometheusUrl: string, query: string): Promise<Sample[]> {
  const r = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await r.json()) as { status: string; data?: { result: Sample[] }; error?: string };
  if (body.status !== "success") throw new Error(`query failed: ${query}: ${body.error}`);
  return body.data!.result;
}

/** How the demo names an alert: its name and what it is about (a model or an upstream), e.g. "CriticalErrorRate mistral-7b". */
export function alertSubject(a: AmAlert): string {
  return `${a.labels.alertname} ${a.labels.model_id ?? a.labels.upstream ?? ""}`.trim();
}

export async function activeAlerts(alertmanagerUrl: string): Promise<AmAlert[]> {
  const r = await fetch(`${alertmanagerUrl}/api/v2/alerts?active=true&silenced=false&inhibited=true`);
  return (await r.json()) as AmAlert[];
}

/** One frame of the live terminal view: per-model panels, breaker states, firing alerts, notifications. */
export async function frame(opts: {
  prometheusUrl: string; alertmanagerUrl: string; panels: readonly ViewPanel[]; elapsedS: number; phase: string; notifications: number;
}): Promise<string> {
  const columns = await Promise.all(opts.panels.map((p) => instant(opts.prometheusUrl, p.query)));
  const models = [...new Set(columns.flat().map((s) => s.metric.model_id ?? ""))].sort();
  const rows = models.map((m) => [m, ...opts.panels.map((p, i) => {
    const s = columns[i]!.find((x) => (x.metric.model_id ?? "") === m);
    return s ? p.format(Number(s.value[1])) : "-";
  })]);
  const header = ["model", ...opts.panels.map((p) => p.title)];
  const width = [16, ...opts.panels.map(() => 12)];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join("");
  const breakers = (await instant(opts.prometheusUrl, BREAKER_QUERY))
    .map((s) => `${s.metric.upstream}=${BREAKER_STATES[Number(s.value[1])] ?? s.value[1]}`).sort().join("  ");
  const alerts = (await activeAlerts(opts.alertmanagerUrl))
    .map((a) => `  ${a.labels.severity?.toUpperCase().padEnd(9)} ${alertSubject(a)} (${a.status.state})`).sort();
  return [
    `llm-observability demo  t=${opts.elapsedS.toFixed(0)}s  phase: ${opts.phase}`,
    "",
    line(header),
    ...rows.map(line),
    "",
    `circuit breakers: ${breakers || "-"}`,
    `alerts in Alertmanager (${alerts.length}):`,
    ...(alerts.length ? alerts : ["  none"]),
    `webhook notifications received: ${opts.notifications}`,
  ].join("\n");
}
