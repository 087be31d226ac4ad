import type { IncomingMessage, ServerResponse } from "node:http";
import { errorBody } from "./openai";

/** Request bodies above this are refused with 413, so a runaway client cannot exhaust the simulator's memory. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Reads and parses a JSON object body; resolves to an Error with a client-facing message when it is not one. */
export function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown> | Error> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) return resolve(new Error(`request body exceeds ${MAX_BODY_BYTES} bytes`));
      try {
        const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) resolve(parsed as Record<string, unknown>);
        else resolve(new Error("request body must be a JSON object"));
      } catch {
        resolve(new Error("request body is not valid JSON"));
      }
    });
  });
}

/** Sends a complete JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Sends an OpenAI-style error (`{"error":{...}}`) with the type OpenAI uses for that status. */
export function sendError(res: ServerResponse, status: number, message: string, code: string | null = null, headers: Record<string, string> = {}): void {
  const type = status === 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
  sendJson(res, status, errorBody(message, type, code), headers);
}
