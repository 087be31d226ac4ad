import { performance } from "node:perf_hooks";

/** One rule group's evaluation as /api/v1/rules reports it. */
interface ApiGroup {
  name: string;
  file: string;
  evaluationTime: number;
  lastEvaluation: string;
  /** Evaluation interval of the group, seconds. */
  interval: number;
  rules: { name: string; evaluationTime: number; health: string; lastError?: string }[];
}

/**
 * GETs one Prometheus HTTP API endpoint (`/api/v1/query`, `/api/v1/label/<l>/values`, ...) and returns its `data`,
 * or throws with the API's error. The one client of that API that the benchmark, the demo and the tests share.
 */
export async function prometheusApi<T>(base: string, path: string, params: Record<string, string> = {}): Promise<T> {
  const query = new URLSearchParams(params).toString();
  const res = await fetch(`${base}${path}${query === "" ? "" : `?${query}`}`);
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== "success") throw new Error(`prometheus ${path}: ${body.error ?? res.status}`);
  return body.data;
}

export async function ruleGroupsNow(base: string): Promise<ApiGroup[]> {
  return (await prometheusApi<{ groups: ApiGroup[] }>(base, "/api/v1/rules")).groups;
}

/** A sample of Prometheus' own /metrics: `name{labels}` -> value, for the few families the benchmark reads. */
export async function selfMetrics(base: string, names: readonly string[]): Promise<Map<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!names.some((n) => line.startsWith(n))) continue;
    const i = line.lastIndexOf(" ");
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

/** An instant query now: each result's labels and value. */
export async function instantQuery(base: string, expr: string): Promise<{ labels: Record<string, string>; value: number }[]> {
  const data = await prometheusApi<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(base, "/api/v1/query", { query: expr });
  return data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

/** Label sets and current values of every series named `name` (recorded series, for backfilling them). */
export const seriesNow = (base: string, name: string) => instantQuery(base, `{__name__="${name}"}`);

/** Wall time of one range query ending now, in ms (loopback: Prometheus' evaluation plus encoding the answer). */
export async function timeRangeQuery(base: string, expr: string, rangeSeconds: number, stepSeconds: number): Promise<number> {
  const end = Math.floor(Date.now() / 1000);
  const start = performance.now();
  await prometheusApi(base, "/api/v1/query_range", { query: expr, start: String(end - rangeSeconds), end: String(end), step: String(stepSeconds) });
  return performance.now() - start;
}
