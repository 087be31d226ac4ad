import type { HttpResponse } from "../http1";
import type { Upstream } from "./upstream";
import { openAiError } from "./errors";

interface ModelEntry {
  id: string;
}

async function listModels(u: Upstream, timeoutMs: number, authorization: string | undefined): Promise<ModelEntry[] | undefined> {
  try {
    const r = await u.pool.request({
      method: "GET", path: `${u.pathPrefix}/v1/models`, headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs,
      headers: authorization ? { authorization } : {},
    });
    if (r.status >= 400) return undefined;
    const data = (JSON.parse(r.body.toString("utf8")) as { data?: unknown }).data;
    return Array.isArray(data) ? data.filter((m): m is ModelEntry => typeof (m as ModelEntry | null)?.id === "string") : undefined;
  } catch {
    return undefined;
  }
}

/** Merges `data` of every upstream's /v1/models (first upstream wins on duplicate ids); unreachable upstreams are skipped. */
export function mergeModelLists(lists: readonly (readonly ModelEntry[] | undefined)[]): ModelEntry[] | undefined {
  if (lists.every((l) => l === undefined)) return undefined;
  const seen = new Map<string, ModelEntry>();
  for (const list of lists) for (const m of list ?? []) if (!seen.has(m.id)) seen.set(m.id, m);
  return [...seen.values()];
}

/**
 * GET /v1/models: one list across all upstreams, 502 when none answers. `authorization` is the client's
 * header, passed on only when it is meant for the upstreams (proxy auth off).
 */
export async function handleModels(upstreams: readonly Upstream[], timeoutMs: number, authorization: string | undefined, res: HttpResponse): Promise<void> {
  const merged = mergeModelLists(await Promise.all(upstreams.map((u) => listModels(u, timeoutMs, authorization))));
  const body = merged ? JSON.stringify({ object: "list", data: merged }) : openAiError("no upstream answered /v1/models", "upstream_error", "connection_refused");
  res.writeHead(merged ? 200 : 502, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
