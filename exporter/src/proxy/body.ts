import type { IncomingMessage } from "node:http";

/** The body was larger than allowed. */
export const TOO_LARGE = Symbol("too large");

/**
 * Reads a request body up to `limit` bytes. Resolves `TOO_LARGE` as soon as the declared or received size
 * passes the limit (without reading the rest), or null when the client aborted.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | typeof TOO_LARGE | null> {
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        resolve(TOO_LARGE);
      } else chunks.push(c);
    };
    req.on("data", onData);
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once("error", () => resolve(null));
    req.once("close", () => {
      if (!req.complete) resolve(null);
    });
  });
}
