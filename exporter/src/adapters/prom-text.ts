/** One sample of a Prometheus text exposition: series name, labels and value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** A line the parser cannot read; the message names the line number and what was expected. */
export class PromTextError extends Error {
  override name = "PromTextError";
}

function parseValue(text: string, lineNo: number): number {
  switch (text) {
    case "+Inf": case "Inf": return Infinity;
    case "-Inf": return -Infinity;
    case "NaN": return NaN;
  }
  const value = Number(text);
  if (text === "" || Number.isNaN(value)) throw new PromTextError(`line ${lineNo}: expected a sample value, got "${text}"`);
  return value;
}

/** Reads `{a="x",b="y\"z"}` from `line` at `pos`; returns the labels and the position after `}`. */
function parseLabels(line: string, start: number, lineNo: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let pos = start + 1;
  const fail = (what: string): never => {
    throw new PromTextError(`line ${lineNo}: expected ${what} at column ${pos + 1}`);
  };
  for (;;) {
    while (line[pos] === " ") pos++;
    if (line[pos] === "}") return { labels, end: pos + 1 };
    const name = LABEL_NAME.exec(line.slice(pos))?.[0] ?? fail("a label name");
    pos += name.length;
    while (line[pos] === " ") pos++;
    if (line[pos] !== "=") fail('"="');
    pos++;
    while (line[pos] === " ") pos++;
    if (line[pos] !== '"') fail("a quoted label value");
    pos++;
    let value = "";
    for (;;) {
      const ch = line[pos];
      if (ch === undefined) fail('a closing "');
      pos++;
      if (ch === '"') break;
      if (ch === "\\") {
        const next = line[pos++];
        value += next === "n" ? "\n" : next === "\\" ? "\\" : next === '"' ? '"' : `\\${next ?? ""}`;
      } else value += ch;
    }
    labels[name] = value;
    while (line[pos] === " ") pos++;
    if (line[pos] === ",") pos++;
    else if (line[pos] !== "}") fail('"," or "}"');
  }
}

/**
 * Parses the Prometheus text exposition format (0.0.4, and the sample lines of OpenMetrics): comments and
 * blank lines are skipped, label values are unescaped, `+Inf`/`-Inf`/`NaN` are numbers, trailing
 * timestamps and OpenMetrics exemplars (`# {...} v`) are ignored. Like Prometheus, one unreadable line
 * fails the whole parse (a half-read scrape would silently skew sums).
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "" || line.startsWith("#")) continue;
    const name = NAME.exec(line)?.[0];
    if (name === undefined) throw new PromTextError(`line ${i + 1}: expected a metric name, got "${line.slice(0, 40)}"`);
    let pos = name.length;
    let labels: Record<string, string> = {};
    if (line[pos] === "{") ({ labels, end: pos } = parseLabels(line, pos, i + 1));
    const rest = line.slice(pos).split(" # ", 1)[0] ?? "";
    const [valueText = ""] = rest.trim().split(/\s+/, 1);
    samples.push({ name, labels, value: parseValue(valueText, i + 1) });
  }
  return samples;
}
