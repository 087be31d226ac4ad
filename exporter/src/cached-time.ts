/**
 * A formatter of the current time that formats at most once per `unitMs` and hands out the same string in
 * between: per-request timestamps (the `date` header, the log's `time` field) at thousands of requests a second.
 */
export function cachedTimeFormatter(unitMs: number, format: (nowMs: number) => string): () => string {
  let unit = -1;
  let text = "";
  return () => {
    const now = Date.now();
    const current = Math.floor(now / unitMs);
    if (current !== unit) {
      unit = current;
      text = format(now);
    }
    return text;
  };
}
