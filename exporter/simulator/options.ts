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

interface Flag {
  flag: string;
  /** What `--help` says about it (the default is added from the defaults). */
  help: string;
}

/** Every option's flag and help line; `--help` lists them in this order. */
const FLAGS: Record<keyof SimulatorOptions, Flag> = {
  port: { flag: "--port", help: "TCP port to listen on; 0 picks a free one" },
  host: { flag: "--host", help: "interface to bind" },
  models: { flag: "--models", help: "comma-separated model ids served; any other model gets 404 model_not_found" },
  ttftMs: { flag: "--ttft-ms", help: "time to first token in ms; a unary answer waits this too" },
  tpotMs: { flag: "--tpot-ms", help: "time per output token after the first, in ms" },
  jitterMs: { flag: "--jitter-ms", help: "uniform jitter in ms added to each delay, from [-j, +j], clamped at 0" },
  errorRate: { flag: "--error-rate", help: "share of generation/embedding requests answered with HTTP 500" },
  seed: { flag: "--seed", help: "PRNG seed of jitter, errors and words: same seed and request order, same run" },
  completionTokens: { flag: "--completion-tokens", help: "completion tokens per request, capped by the request's max_tokens" },
  maxBatch: { flag: "--max-batch", help: "requests the simulated scheduler runs at once; more wait (in /metrics)" },
  slowFirstByteMs: { flag: "--slow-first-byte-ms", help: "silence before the first byte of the slow-first-byte fault, in ms" },
  embeddingDimensions: { flag: "--embedding-dimensions", help: "embedding vector length when the request names no dimensions" },
};

/** Allowed range and integer-ness of each numeric option; the CLI and the API validate against the same table. */
const NUMERIC: Record<NumericKey, { min: number; max: number; integer: boolean }> = {
  port: { min: 0, max: 65535, integer: true },
  ttftMs: { min: 0, max: 600_000, integer: false },
  tpotMs: { min: 0, max: 60_000, integer: false },
  jitterMs: { min: 0, max: 60_000, integer: false },
  errorRate: { min: 0, max: 1, integer: false },
  seed: { min: 0, max: 2 ** 32 - 1, integer: true },
  completionTokens: { min: 1, max: 100_000, integer: true },
  maxBatch: { min: 1, max: 100_000, integer: true },
  slowFirstByteMs: { min: 0, max: 600_000, integer: false },
  embeddingDimensions: { min: 1, max: 8192, integer: true },
};

/** The command line's `--help`: every flag with its meaning and its default (`defaults`: what the CLI starts with). */
export function simulatorHelp(defaults: ResolvedSimulatorOptions): string {
  const rows = (Object.entries(FLAGS) as [keyof SimulatorOptions, Flag][]).map(([key, f]) => {
    const value = defaults[key];
    const range = key in NUMERIC ? NUMERIC[key as NumericKey] : undefined;
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
  const rule = NUMERIC[key];
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
  for (const key of Object.keys(NUMERIC) as NumericKey[]) {
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

const FLAG_TO_KEY = new Map((Object.keys(NUMERIC) as NumericKey[]).map((key) => [FLAGS[key].flag, key]));

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
