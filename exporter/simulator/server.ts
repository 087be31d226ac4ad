import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleEmbeddings, handleGeneration } from "./generate";
import { readJsonBody, sendError, sendJson } from "./http-util";
import { modelEntry } from "./openai";
import { resolveSimulatorOptions, type SimulatorOptions } from "./options";
import { SimulatorState } from "./state";
import { renderVllmMetrics, type SimulatorStats } from "./vllm-metrics";

/** A running simulator. */
export interface SimulatorHandle {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:41234`; OpenAI clients use `${url}/v1`. */
  url: string;
  port: number;
  /** Stops listening, destroys open connections (including hung requests) and cancels pending delays; later calls return the same promise. */
  close(): Promise<void>;
  /** A snapshot of the simulator's counters. */
  stats(): SimulatorStats;
}

const POST_ROUTES = {
  "/v1/chat/completions": (sim: SimulatorState, req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) =>
    handleGeneration(sim, "chat", req, res, body),
  "/v1/completions": (sim: SimulatorState, req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) =>
    handleGeneration(sim, "text", req, res, body),
  "/v1/embeddings": handleEmbeddings,
} as const;

function isPostRoute(path: string): path is keyof typeof POST_ROUTES {
  return Object.hasOwn(POST_ROUTES, path);
}

function handleGet(sim: SimulatorState, path: string, res: ServerResponse): void {
  const created = 1_700_000_000;
  if (path === "/v1/models") {
    return sendJson(res, 200, JSON.stringify({ object: "list", data: sim.options.models.map((m) => modelEntry(m, created)) }));
  }
  if (path.startsWith("/v1/models/")) {
    const id = decodeURIComponent(path.slice("/v1/models/".length));
    if (sim.options.models.includes(id)) return sendJson(res, 200, JSON.stringify(modelEntry(id, created)));
    return sendError(res, 404, `The model \`${id}\` does not exist or you do not have access to it.`, "model_not_found");
  }
  if (path === "/metrics") {
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
    return void res.end(renderVllmMetrics(sim.stats, sim.options.models[0] ?? "", sim.options.maxBatch));
  }
  if (path === "/health") return void res.writeHead(200).end();
  sendError(res, 404, `no route for GET ${path}`);
}

async function route(sim: SimulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
  if (req.method === "GET") return handleGet(sim, path, res);
  if (req.method !== "POST") return sendError(res, 405, `method ${req.method ?? ""} not allowed`);
  if (!isPostRoute(path)) return sendError(res, 404, `no route for POST ${path}`);
  const body = await readJsonBody(req);
  if (body instanceof Error) return sendError(res, 400, body.message);
  await POST_ROUTES[path](sim, req, res, body);
}

/**
 * Starts an OpenAI-compatible LLM simulator on `opts.host:opts.port` (default 127.0.0.1, ephemeral port):
 * `/v1/chat/completions`, `/v1/completions` (both streaming and not), `/v1/embeddings`, `/v1/models`,
 * a vLLM-style `/metrics` reflecting its own load, and `/health`. Faults per request: see faults.ts.
 * Throws before listening when an option is out of range.
 */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const options = resolveSimulatorOptions(opts);
  const sim = new SimulatorState(options);
  const server = createServer((req, res) => {
    route(sim, req, res).catch((err: unknown) => {
      // A handler bug must cost one request, never the process.
      if (res.headersSent) res.destroy();
      else sendError(res, 500, `simulator error: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    stats: () => structuredClone(sim.stats),
    close: () => (closing ??= new Promise<void>((resolve, reject) => {
      sim.cancelTimers();
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    })),
  };
}
