import { prometheusApi } from "../bench/scale/probe";
import { BREAKER_QUERY, BREAKER_STATES, type ViewPanel } from "./queries";
import type { ClientStats } from "./workload";

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** An alert as Alertmanager's v2 API lists it. */
export interface AmAlert {
  labels: Record<string, string>;
  status: { state: string };
}

/** Runs an instant query; the result vector. */
export async function instant(prometheusUrl: string, query: string): Promise<Sample[]> {
  return (await prometheusApi<{ result: Sample[] }>(prometheusUrl, "/api/v1/query", { query })).result;
}

/** How the demo names an alert: its name and what it is about (a model or an upstream), e.g. "CriticalErrorRate mistral-7b". */
export function alertSubject(a: AmAlert): string {
  return `${a.labels.alertname} ${a.labels.model_id ?? a.labels.upstream ?? ""}`.trim();
}

/** Alerts Alertmanager holds now (resolved ones are gone from this list). */
export async function activeAlerts(alertmanagerUrl: string): Promise<AmAlert[]> {
  const r = await fetch(`${alertmanagerUrl}/api/v2/alerts?active=true&silenced=false&inhibited=true`);
  return (await r.json()) as AmAlert[];
}

/** The q-quantile of `values` (nearest rank); undefined when there are none. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const table = (width: number[], rows: string[][]) => rows.map((cells) => cells.map((c, i) => c.padEnd(width[i] ?? 0)).join(""));
const ms = (v: number | undefined) => (v === undefined ? "-" : v.toFixed(0));

/** What the OpenAI client saw, per model and mode: answers, failures and TTFT over the last minute. */
export function clientTable(stats: readonly ClientStats[]): string[] {
  return table([14, 8, 8, 8, 13, 13], [
    ["model", "mode", "ok", "failed", "TTFT p50 ms", "TTFT p95 ms"],
    ...stats.map((s) => [s.model, s.mode, String(s.ok), String(s.failed), ms(quantile(s.ttftMs, 0.5)), ms(quantile(s.ttftMs, 0.95))]),
  ]);
}

export interface FrameInput {
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** The per-model columns: panels of the LLM inference dashboard. */
  panels: readonly ViewPanel[];
  elapsedS: number;
  phase: string;
  notifications: number;
  client: readonly ClientStats[];
  /** The exporter's circuit breaker log lines, oldest first. */
  breakerLog: readonly string[];
}

/** One frame of the live terminal view: per-model panels, the client's view per mode, breakers, alerts, notifications. */
export async function frame(o: FrameInput): Promise<string> {
  const columns = await Promise.all(o.panels.map((p) => instant(o.prometheusUrl, p.query)));
  const models = [...new Set(columns.flat().map((s) => s.metric.model_id ?? ""))].sort();
  const rows = models.map((m) => [m, ...o.panels.map((p, i) => {
    const s = columns[i]!.find((x) => (x.metric.model_id ?? "") === m);
    return s ? p.format(Number(s.value[1])) : "-";
  })]);
  const breakers = (await instant(o.prometheusUrl, BREAKER_QUERY))
    .map((s) => `${s.metric.upstream}=${BREAKER_STATES[Number(s.value[1])] ?? s.value[1]}`).sort().join("  ");
  const alerts = (await activeAlerts(o.alertmanagerUrl))
    .map((a) => `  ${a.labels.severity?.toUpperCase().padEnd(9)} ${alertSubject(a)} (${a.status.state})`).sort();
  return [
    `llm-observability demo  t=${o.elapsedS.toFixed(0)}s  phase: ${o.phase}`,
    "",
    "Prometheus, per model (both modes), last minute:",
    ...table([16, ...o.panels.map(() => 13)], [["model", ...o.panels.map((p) => p.title)], ...rows]),
    "",
    "OpenAI client, per model and mode (TTFT: first token of a stream, the whole answer of a unary call):",
    ...clientTable(o.client),
    "",
    `circuit breakers: ${breakers || "-"}`,
    ...o.breakerLog.slice(-4).map((l) => `  ${l}`),
    `alerts in Alertmanager (${alerts.length}):`,
    ...(alerts.length ? alerts : ["  none"]),
    `webhook notifications received: ${o.notifications}`,
  ].join("\n");
}
