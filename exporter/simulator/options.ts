/** How the simulated LLM server behaves. Every property is optional; see each default. */
export interface SimulatorOptions {
  /** TCP port to listen on; 0 picks a free ephemeral port. Defaults to 0. */
  port?: number;
  /** Interface to bind. Defaults to "127.0.0.1". */
  host?: string;
  /** Time to first token in milliseconds (streams: first content chunk; unary: the whole answer waits this too). Defaults to 0. */
  ttftMs?: number;
  /** Time per output token after the first, in milliseconds. Defaults to 0. */
  tpotMs?: number;
  /** Uniform jitter in milliseconds added to each delay, drawn from [-jitterMs, +jitterMs] and clamped at 0. Defaults to 0. */
  jitterMs?: number;
  /** Fraction (0-1) of generation/embedding requests answered with HTTP 500 and an OpenAI error body. Defaults to 0. */
  errorRate?: number;
  /** Model ids served; any other model gets 404 `model_not_found`. Defaults to ["sim-model"]. */
  models?: string[];
  /** Seed of the PRNG behind jitter, errors and generated words; same seed and request order give the same run. Defaults to 42. */
  seed?: number;
  /** Completion tokens generated per request, capped by the request's `max_tokens`/`max_completion_tokens`. Defaults to 16. */
  completionTokens?: number;
  /** Requests the simulated scheduler runs at once; more in flight show as waiting in /metrics. Defaults to 8. */
  maxBatch?: number;
  /** Silence before the first byte of the `slow-first-byte` fault, in milliseconds. Defaults to 1000. */
  slowFirstByteMs?: number;
  /** Embedding vector length when the request names no `dimensions`. Defaults to 16. */
  embeddingDimensions?: number;
}

export type ResolvedSimulatorOptions = Required<SimulatorOptions>;

export const SIMULATOR_DEFAULTS: ResolvedSimulatorOptions = {
  port: 0, host: "127.0.0.1", ttftMs: 0, tpotMs: 0, jitterMs: 0, errorRate: 0, models: ["sim-model"], seed: 42,
  completionTokens: 16, maxBatch: 8, slowFirstByteMs: 1000, embeddingDimensions: 16,
};

type NumericKey = { [K in keyof SimulatorOptions]-?: SimulatorOptions[K] extends number | undefined ? K : never }[keyof SimulatorOptions];

interface Range {
  min: number;
  max: number;
  integer: boolean;
}

interface Flag {
  flag: string;
  /** What `--help` says about it (the default is added from the defaults). */
  help: string;
}

/**
 * Every option's flag, help line and, for a number, its allowed range (the CLI and the API validate against the
 * same table); `--help` lists them in this order.
 */
const FLAGS: { [K in keyof SimulatorOptions]-?: K extends NumericKey ? Flag & { range: Range } : Flag } = {
  port: { flag: "--port", help: "TCP port to listen on; 0 picks a free one", range: { min: 0, max: 65535, integer: true } },
  host: { flag: "--host", help: "interface to bind" },
  models: { flag: "--models", help: "comma-separated model ids served; any other model gets 404 model_not_found" },
  ttftMs: { flag: "--ttft-ms", help: "time to first token in ms; a unary answer waits this too", range: { min: 0, max: 600_000, integer: false } },
  tpotMs: { flag: "--tpot-ms", help: "time per output token after the first, in ms", range: { min: 0, max: 60_000, integer: false } },
  jitterMs: {
    flag: "--jitter-ms", help: "uniform jitter in ms added to each delay, from [-j, +j], clamped at 0", range: { min: 0, max: 60_000, integer: false },
  },
  errorRate: { flag: "--error-rate", help: "share of generation/embedding requests answered with HTTP 500", range: { min: 0, max: 1, integer: false } },
  seed: {
    flag: "--seed", help: "PRNG seed of jitter, errors and words: same seed and request order, same run", range: { min: 0, max: 2 ** 32 - 1, integer: true },
  },
  completionTokens: {
    flag: "--completion-tokens", help: "completion tokens per request, capped by the request's max_tokens", range: { min: 1, max: 100_000, integer: true },
  },
  maxBatch: { flag: "--max-batch", help: "requests the simulated scheduler runs at once; more wait (in /metrics)", range: { min: 1, max: 100_000, integer: true } },
  slowFirstByteMs: {
    flag: "--slow-first-byte-ms", help: "silence before the first byte of the slow-first-byte fault, in ms", range: { min: 0, max: 600_000, integer: false },
  },
  embeddingDimensions: {
    flag: "--embedding-dimensions", help: "embedding vector length when the request names no dimensions", range: { min: 1, max: 8192, integer: true },
  },
};

const rangeOf = (key: keyof SimulatorOptions) => (FLAGS[key] as Flag & { range?: Range }).range;
const NUMERIC_KEYS = (Object.keys(FLAGS) as (keyof SimulatorOptions)[]).filter((k): k is NumericKey => rangeOf(k) !== undefined);

/** The command line's `--help`: every flag with its meaning and its default (`defaults`: what the CLI starts with). */
export function simulatorHelp(defaults: ResolvedSimulatorOptions): string {
  const rows = (Object.entries(FLAGS) as [keyof SimulatorOptions, Flag][]).map(([key, f]) => {
    const value = defaults[key];
    const range = rangeOf(key);
    const allowed = range ? `; ${range.min}-${range.max}` : "";
    return { flag: `${f.flag} <${range ? "n" : "value"}>`, text: `${f.help} [default ${Array.isArray(value) ? value.join(",") : value}${allowed}]` };
  });
  const width = Math.max(...rows.map((r) => r.flag.length)) + 2;
  return [
    "usage: npm run simulator -- [--<flag> <value> | --<flag>=<value>]...",
    "An OpenAI-compatible LLM server (/v1/chat/completions, /v1/completions, /v1/embeddings, /v1/models) with a",
    "vLLM-style /metrics, for demos and tests; runs until SIGINT or SIGTERM.",
    "",
    ...rows.map((r) => `  ${r.flag.padEnd(width)}${r.text}`),
    `  ${"-h, --help".padEnd(width)}this text`,
  ].join("\n");
}

function checkNumber(key: NumericKey, value: number): number {
  const rule = FLAGS[key].range;
  const flag = FLAGS[key].flag;
  const kind = rule.integer ? "an integer" : "a number";
  if (!Number.isFinite(value) || value < rule.min || value > rule.max || (rule.integer && !Number.isInteger(value))) {
    throw new Error(`${key} (${flag}): expected ${kind} from ${rule.min} to ${rule.max}, got ${String(value)}`);
  }
  return value;
}

/** Fills defaults and validates; throws one message naming the option, the value and the allowed range. */
export function resolveSimulatorOptions(opts: SimulatorOptions = {}): ResolvedSimulatorOptions {
  const out: ResolvedSimulatorOptions = { ...SIMULATOR_DEFAULTS };
  for (const key of NUMERIC_KEYS) {
    const value = opts[key];
    if (value !== undefined) out[key] = checkNumber(key, value);
  }
  if (opts.host !== undefined) out.host = opts.host;
  if (opts.models !== undefined) {
    const models = opts.models.map((m) => m.trim());
    if (models.length === 0 || models.some((m) => m === "")) {
      throw new Error(`models (--models): expected a comma-separated list of non-empty model ids, got "${opts.models.join(",")}"`);
    }
    out.models = models;
  }
  return out;
}

const FLAG_TO_KEY = new Map(NUMERIC_KEYS.map((key) => [FLAGS[key].flag, key]));

/** Parses `--flag value` / `--flag=value` command-line arguments into the options given (no defaults filled); bad values and unknown flags are errors. */
export function parseSimulatorArgs(argv: readonly string[]): SimulatorOptions {
  const out: SimulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`${flag}: missing value`);
    const key = FLAG_TO_KEY.get(flag);
    if (key !== undefined) {
      if (value.trim() === "") throw new Error(`${flag}: expected a number, got ""`);
      out[key] = checkNumber(key, Number(value));
    } else if (flag === FLAGS.models.flag) out.models = value.split(",");
    else if (flag === FLAGS.host.flag) out.host = value;
    else {
      const known = [...Object.values(FLAGS).map((f) => f.flag), "--help"].join(", ");
      throw new Error(`unknown argument "${arg}"; allowed: ${known}`);
    }
  }
  resolveSimulatorOptions(out);
  return out;
}
