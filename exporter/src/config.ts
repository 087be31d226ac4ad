import { parseArgs } from "node:util";
import { z } from "zod";
// The section module, not config/index: the exporter image must not pull in Pulumi through the stack loader.
import { upstream as upstreamSchema } from "../../config/sections/exporter";

/** One upstream LLM server, exactly as the stack config declares it (config/sections/exporter.ts). */
export type UpstreamConfig = z.infer<typeof upstreamSchema>;

/** The exporter's runtime settings, from CLI flags and environment variables (the LlmExporter component sets these). */
export interface RuntimeConfig {
  /** Listening address (LLMOBS_HOST / --host). Defaults to "0.0.0.0". */
  host: string;
  /** Listening port (LLMOBS_PORT / --port). Defaults to 9464. */
  port: number;
  /** Upstreams (LLMOBS_UPSTREAMS JSON, or one LLMOBS_UPSTREAM / --upstream URL). Required. */
  upstreams: UpstreamConfig[];
  /** Distinct model_id values before `other` (LLMOBS_MAX_MODEL_IDS). Defaults to 100. */
  maxModelIds: number;
  /** Upstream timeouts in ms (LLMOBS_CONNECT/FIRST_BYTE/IDLE_TIMEOUT_MS). Default to 2000 / 60000 / 30000. */
  timeouts: { connectMs: number; firstByteMs: number; idleMs: number };
  /** Breaker (LLMOBS_CB_FAILURE_THRESHOLD, LLMOBS_CB_OPEN_SECONDS). Default to 5 failures / 30 s. */
  circuitBreaker: { failureThreshold: number; openSeconds: number };
  /** Bearer token required on /v1/* (LLMOBS_API_TOKEN). Defaults to unset: no proxy auth. */
  apiToken?: string;
  /** /metrics basic auth (LLMOBS_METRICS_USERNAME/PASSWORD). Defaults to unset: open. */
  metricsAuth?: { username: string; password: string };
  /** Request body limit in bytes (LLMOBS_MAX_BODY_MB, in MiB). Defaults to 10 MiB. */
  maxBodyBytes: number;
  /** Backend-native metrics scrape interval in ms (LLMOBS_BACKEND_SCRAPE_INTERVAL_MS). Defaults to 15000. */
  backendScrapeIntervalMs: number;
  /** How often each upstream is probed for llm_upstream_up, in ms (LLMOBS_UPSTREAM_PROBE_INTERVAL_MS); 0: only when /readyz asks. Defaults to 15000. */
  upstreamProbeIntervalMs: number;
  /** nvidia-smi poll interval in ms (LLMOBS_GPU_POLL_INTERVAL_MS). Defaults to 10000. */
  gpuPollIntervalMs: number;
  /** nvidia-smi command or path (NVIDIA_SMI_PATH). Defaults to "nvidia-smi". */
  nvidiaSmiPath: string;
  /** Audit log (AUDIT_ENABLED, AUDIT_LOG_DIR, AUDIT_RETENTION_DAYS, AUDIT_MAX_SIZE_MB). Defaults to off, logs/audit, 30 d, 100 MiB. */
  audit: { enabled: boolean; dir: string; retentionDays: number; maxSizeMb: number };
  /** Tracing (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER_ARG). Defaults to off, llm-exporter, 1. */
  otel: { endpoint?: string; serviceName: string; sampleRatio: number };
  /** pino level (LOG_LEVEL). Defaults to "info". */
  logLevel: string;
}

/** A setting a person can fix: the message names the variable or flag, its value and what is allowed. */
export class RuntimeConfigError extends Error {
  override name = "RuntimeConfigError";
}

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const posNumber = (max: number) => z.coerce.number().positive().max(max);
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** One setting of the exporter, as `--help` and the README list it. */
export interface Setting {
  /** Environment variable. */
  env: string;
  /** Command-line flag without its `--`, where there is one; it wins over the variable. */
  flag?: string;
  /** Placeholder of the flag's value in the usage line. */
  placeholder?: string;
  schema: z.ZodType;
  /** Value when neither is set; absent: unset means none (the feature is off or another setting decides). */
  fallback?: string;
  /** What a bad value is told to be. */
  allowed: string;
  /** What it does, for `--help`. */
  help: string;
}

const ms = (min: number, max: number) => `an integer ${min}-${max} (ms)`;

/**
 * Every setting of the exporter: environment variable, flag, schema, default, what is allowed and what it does.
 * `loadRuntimeConfig` reads exactly these, and `--help` is generated from them.
 */
const SETTINGS = {
  upstream: {
    env: "LLMOBS_UPSTREAM", flag: "upstream", placeholder: "<url>", schema: z.string(), allowed: "an http(s) URL",
    help: "the one upstream (OpenAI-compatible, serves every model); instead of LLMOBS_UPSTREAMS",
  },
  upstreams: {
    env: "LLMOBS_UPSTREAMS", schema: z.string(), allowed: "a JSON array of {name,url,backend,models,default}",
    help: `every upstream: [{"name", "url", "backend": ${upstreamSchema.shape.backend.options.join("|")}, "models": [...], "default": bool}]`,
  },
  port: { env: "LLMOBS_PORT", flag: "port", placeholder: "<n>", schema: intIn(0, 65535), fallback: "9464", allowed: "an integer 0-65535", help: "listening port" },
  host: { env: "LLMOBS_HOST", flag: "host", placeholder: "<addr>", schema: z.string().min(1), fallback: "0.0.0.0", allowed: "a host name or IP", help: "listening address" },
  maxModelIds: {
    env: "LLMOBS_MAX_MODEL_IDS", schema: intIn(1, 10_000), fallback: "100", allowed: "an integer 1-10000",
    help: "distinct model_id label values kept; the rest are counted as `other`",
  },
  connectMs: { env: "LLMOBS_CONNECT_TIMEOUT_MS", schema: intIn(1, 60_000), fallback: "2000", allowed: ms(1, 60_000), help: "upstream TCP connect timeout" },
  firstByteMs: {
    env: "LLMOBS_FIRST_BYTE_TIMEOUT_MS", schema: intIn(1, 600_000), fallback: "60000", allowed: ms(1, 600_000),
    help: "time allowed until the upstream's response headers",
  },
  idleMs: {
    env: "LLMOBS_IDLE_TIMEOUT_MS", schema: intIn(1, 600_000), fallback: "30000", allowed: ms(1, 600_000),
    help: "longest silence between two upstream body chunks (a stream may take longer in total)",
  },
  failureThreshold: {
    env: "LLMOBS_CB_FAILURE_THRESHOLD", schema: intIn(1, 1000), fallback: "5", allowed: "an integer 1-1000",
    help: "consecutive upstream failures that open its circuit breaker",
  },
  openSeconds: {
    env: "LLMOBS_CB_OPEN_SECONDS", schema: posNumber(3600), fallback: "30", allowed: "a number of seconds > 0 and <= 3600",
    help: "seconds an open breaker answers 503 before it lets one probe through",
  },
  apiToken: { env: "LLMOBS_API_TOKEN", schema: z.string(), allowed: "a token", help: "bearer token clients must send on /v1/*; unset: no proxy auth" },
  metricsUsername: {
    env: "LLMOBS_METRICS_USERNAME", schema: z.string(), allowed: "a user name",
    help: "basic-auth user of /metrics, with LLMOBS_METRICS_PASSWORD; unset: /metrics is open",
  },
  metricsPassword: { env: "LLMOBS_METRICS_PASSWORD", schema: z.string(), allowed: "a password", help: "basic-auth password of /metrics" },
  maxBodyMb: { env: "LLMOBS_MAX_BODY_MB", schema: posNumber(100), fallback: "10", allowed: "a number of MiB > 0 and <= 100", help: "largest request body in MiB (413 above)" },
  backendScrapeIntervalMs: {
    env: "LLMOBS_BACKEND_SCRAPE_INTERVAL_MS", schema: intIn(100, 3_600_000), fallback: "15000", allowed: ms(100, 3_600_000),
    help: "how often the upstreams' native metrics (vLLM, llama.cpp, TGI /metrics, Ollama /api/ps) are scraped",
  },
  upstreamProbeIntervalMs: {
    env: "LLMOBS_UPSTREAM_PROBE_INTERVAL_MS", schema: z.coerce.number().int().refine((ms) => ms === 0 || (ms >= 100 && ms <= 3_600_000)), fallback: "15000",
    allowed: "0 (probe only for /readyz) or an integer 100-3600000 (ms)",
    help: "how often GET /v1/models probes each upstream for llm_upstream_up",
  },
  gpuPollIntervalMs: {
    env: "LLMOBS_GPU_POLL_INTERVAL_MS", schema: intIn(100, 3_600_000), fallback: "10000", allowed: ms(100, 3_600_000), help: "how often nvidia-smi is polled",
  },
  nvidiaSmiPath: { env: "NVIDIA_SMI_PATH", schema: z.string().min(1), fallback: "nvidia-smi", allowed: "a path", help: "nvidia-smi command or path; a missing one means no GPU gauges" },
  auditEnabled: { env: "AUDIT_ENABLED", schema: bool, fallback: "false", allowed: "true or false", help: "write the audit log (one JSON line per request)" },
  auditDir: { env: "AUDIT_LOG_DIR", schema: z.string().min(1), fallback: "logs/audit", allowed: "a directory path", help: "audit log directory" },
  auditRetentionDays: { env: "AUDIT_RETENTION_DAYS", schema: intIn(1, 3650), fallback: "30", allowed: "an integer 1-3650", help: "days audit files are kept" },
  auditMaxSizeMb: { env: "AUDIT_MAX_SIZE_MB", schema: intIn(1, 10_240), fallback: "100", allowed: "an integer 1-10240", help: "size in MiB at which an audit file is rotated" },
  otlpEndpoint: {
    env: "OTEL_EXPORTER_OTLP_ENDPOINT", schema: z.url({ protocol: /^https?$/ }), allowed: "an http(s) URL",
    help: "OTLP/HTTP endpoint traces are sent to; unset: no tracing",
  },
  otelServiceName: { env: "OTEL_SERVICE_NAME", schema: z.string().min(1), fallback: "llm-exporter", allowed: "a service name", help: "service.name of the traces" },
  otelSampleRatio: { env: "OTEL_TRACES_SAMPLER_ARG", schema: z.coerce.number().min(0).max(1), fallback: "1", allowed: "a number 0-1", help: "share of requests traced" },
  logLevel: {
    env: "LOG_LEVEL", schema: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]), fallback: "info",
    allowed: "one of fatal, error, warn, info, debug, trace, silent", help: "level of the JSON log on stdout",
  },
} as const satisfies Record<string, Setting>;

type Settings = typeof SETTINGS;
type Values = {
  [K in keyof Settings]: Settings[K] extends { fallback: string } ? z.infer<Settings[K]["schema"]> : z.infer<Settings[K]["schema"]> | undefined;
};
type Env = Readonly<Record<string, string | undefined>>;

/** Every setting, in `--help` order. */
export const EXPORTER_SETTINGS: readonly Setting[] = Object.values(SETTINGS);

const FLAGS = EXPORTER_SETTINGS.filter((s) => s.flag !== undefined);

/** The exporter's usage, then every setting with its flag, meaning, default and allowed values (`--help`). */
export function exporterHelp(): string {
  const settings = EXPORTER_SETTINGS;
  const name = (s: Setting) => (s.flag ? `${s.env}, --${s.flag}` : s.env);
  const width = Math.max(...settings.map((s) => name(s).length)) + 2;
  return [
    EXPORTER_USAGE,
    "",
    "Settings, from environment variables or flags (a flag wins):",
    ...settings.flatMap((s) => [
      `  ${name(s).padEnd(width)}${s.help}`,
      `  ${"".padEnd(width)}default ${s.fallback ?? "unset"}; ${s.allowed}`,
    ]),
  ].join("\n");
}

/** How the exporter is started; printed with every configuration error. */
export const EXPORTER_USAGE = `usage:
  npm run exporter -- ${FLAGS.map((s) => `[--${s.flag} ${s.placeholder}]`).join(" ")}    (or the environment variables below)
  npm run exporter -- export-audit --since <7d|24h|ISO date> [--gzip] --out <file> [--dir <audit dir>]
  npm run exporter -- --help`;

function describe(where: string, raw: unknown, allowed: string): string {
  const shown = JSON.stringify(raw);
  return `${where} = ${shown && shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}: expected ${allowed}`;
}

function readSetting<K extends keyof Settings>(key: K, flags: Record<string, string | undefined>, env: Env): Values[K] {
  const s: Setting = SETTINGS[key];
  const fromFlag = s.flag ? flags[s.flag] : undefined;
  const where = fromFlag !== undefined ? `--${s.flag}` : s.env;
  const raw = fromFlag ?? (env[s.env] === "" ? undefined : env[s.env]) ?? s.fallback;
  if (raw === undefined) return undefined as Values[K];
  const r = s.schema.safeParse(raw);
  if (!r.success) throw new RuntimeConfigError(describe(where, raw, s.allowed));
  return r.data as Values[K];
}

const upstreamList = z.array(upstreamSchema).min(1);

/** Upstreams from `--upstream`, `LLMOBS_UPSTREAMS` (JSON array) or `LLMOBS_UPSTREAM` (one URL), in that order. */
export function parseUpstreams(flagUrl: string | undefined, env: Env): UpstreamConfig[] {
  const single = flagUrl ?? env[SETTINGS.upstream.env];
  const where = flagUrl !== undefined ? `--${SETTINGS.upstream.flag}` : SETTINGS.upstream.env;
  const list = env[SETTINGS.upstreams.env];
  if (single === undefined && list === undefined) {
    throw new RuntimeConfigError("no upstream: set --upstream <url>, LLMOBS_UPSTREAM=<url> or LLMOBS_UPSTREAMS=<JSON array>");
  }
  let raw: unknown;
  if (single !== undefined) raw = [{ name: "default", url: single, backend: "openai", default: true }];
  else {
    try {
      raw = JSON.parse(list!);
    } catch {
      throw new RuntimeConfigError(describe(SETTINGS.upstreams.env, list, SETTINGS.upstreams.allowed));
    }
  }
  const r = upstreamList.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("");
    const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], raw);
    throw new RuntimeConfigError(describe(single !== undefined ? where : `LLMOBS_UPSTREAMS${path}`, value, issue.message.replace(/^.*?expected /i, "")));
  }
  const ups = r.data;
  const dup = ups.map((u) => u.name).find((n, i, all) => all.indexOf(n) !== i);
  if (dup) throw new RuntimeConfigError(describe("LLMOBS_UPSTREAMS[].name", dup, "unique upstream names"));
  const defaults = ups.filter((u) => u.default);
  if (defaults.length > 1) throw new RuntimeConfigError(describe("LLMOBS_UPSTREAMS[].default", defaults.map((u) => u.name), "at most one default upstream"));
  return ups;
}

/** Reads the runtime config from CLI arguments (without the command name) and environment variables. */
export function loadRuntimeConfig(argv: readonly string[], env: Env): RuntimeConfig {
  let flags: Record<string, string | undefined>;
  try {
    flags = parseArgs({
      args: [...argv], strict: true, allowPositionals: false,
      options: Object.fromEntries(FLAGS.map((s) => [s.flag!, { type: "string" as const }])),
    }).values as Record<string, string | undefined>;
  } catch (e) {
    throw new RuntimeConfigError(`${(e as Error).message}: allowed flags are ${FLAGS.map((s) => `--${s.flag} ${s.placeholder}`).join(", ")}`);
  }
  const v = <K extends keyof Settings>(k: K) => readSetting(k, flags, env);
  const user = v("metricsUsername"), password = v("metricsPassword");
  if (Boolean(user) !== Boolean(password)) {
    const missing = user ? SETTINGS.metricsPassword.env : SETTINGS.metricsUsername.env;
    throw new RuntimeConfigError(describe(missing, undefined, "set together with its pair to enable /metrics basic auth"));
  }
  const apiToken = v("apiToken");
  const endpoint = v("otlpEndpoint");
  return {
    host: v("host"),
    port: v("port"),
    upstreams: parseUpstreams(flags[SETTINGS.upstream.flag], env),
    maxModelIds: v("maxModelIds"),
    timeouts: { connectMs: v("connectMs"), firstByteMs: v("firstByteMs"), idleMs: v("idleMs") },
    circuitBreaker: { failureThreshold: v("failureThreshold"), openSeconds: v("openSeconds") },
    ...(apiToken ? { apiToken } : {}),
    ...(user && password ? { metricsAuth: { username: user, password } } : {}),
    maxBodyBytes: Math.floor(v("maxBodyMb") * 1024 * 1024),
    backendScrapeIntervalMs: v("backendScrapeIntervalMs"),
    upstreamProbeIntervalMs: v("upstreamProbeIntervalMs"),
    gpuPollIntervalMs: v("gpuPollIntervalMs"),
    nvidiaSmiPath: v("nvidiaSmiPath"),
    audit: { enabled: v("auditEnabled"), dir: v("auditDir"), retentionDays: v("auditRetentionDays"), maxSizeMb: v("auditMaxSizeMb") },
    otel: { ...(endpoint ? { endpoint } : {}), serviceName: v("otelServiceName"), sampleRatio: v("otelSampleRatio") },
    logLevel: v("logLevel"),
  };
}
