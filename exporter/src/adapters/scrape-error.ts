import { OllamaPsError } from "./ollama";
import { PromTextError } from "./prom-text";

/** A backend answered with a non-2xx status. */
export class HttpStatusError extends Error {
  override name = "HttpStatusError";
  constructor(readonly status: number, url: string) {
    super(`GET ${url} answered HTTP ${status}`);
  }
}

/** Bounded `error_type` values of a failed scrape, as used on `llm_errors_total{component="adapter"}`. */
export type ScrapeErrorType = "timeout" | "connection_refused" | "connection_reset" | "http_status" | "malformed_response" | "scrape_failed";

function causeCode(err: Error): string | undefined {
  const cause = (err as { cause?: unknown }).cause;
  return cause !== null && typeof cause === "object" && "code" in cause && typeof cause.code === "string" ? cause.code : undefined;
}

/** Classifies a scrape failure (fetch errors carry the socket error code in `cause`). */
export function classifyScrapeError(err: unknown): ScrapeErrorType {
  if (!(err instanceof Error)) return "scrape_failed";
  if (err.name === "TimeoutError" || err.name === "AbortError") return "timeout";
  if (err instanceof HttpStatusError) return "http_status";
  if (err instanceof SyntaxError || err instanceof PromTextError || err instanceof OllamaPsError) return "malformed_response";
  const code = causeCode(err);
  if (code === "ECONNREFUSED") return "connection_refused";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection_reset";
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return "timeout";
  return "scrape_failed";
}
