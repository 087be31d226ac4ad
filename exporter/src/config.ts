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

/** Each setting: its environment variable, its CLI flag (if any), its schema and its default. */
const SETTINGS = {
  port: { env: "LLMOBS_PORT", flag: "port", schema: intIn(0, 65535), fallback: "9464", allowed: "an integer 0-65535" },
  host: { env: "LLMOBS_HOST", flag: "host", schema: z.string().min(1), fallback: "0.0.0.0", allowed: "a host name or IP" },
  maxModelIds: { env: "LLMOBS_MAX_MODEL_IDS", schema: intIn(1, 10_000), fallback: "100", allowed: "an integer 1-10000" },
  connectMs: { env: "LLMOBS_CONNECT_TIMEOUT_MS", schema: intIn(1, 60_000), fallback: "2000", allowed: "an integer 1-60000 (ms)" },
  firstByteMs: { env: "LLMOBS_FIRST_BYTE_TIMEOUT_MS", schema: intIn(1, 600_000), fallback: "60000", allowed: "an integer 1-600000 (ms)" },
  idleMs: { env: "LLMOBS_IDLE_TIMEOUT_MS", schema: intIn(1, 600_000), fallback: "30000", allowed: "an integer 1-600000 (ms)" },
  failureThreshold: { env: "LLMOBS_CB_FAILURE_THRESHOLD", schema: intIn(1, 1000), fallback: "5", allowed: "an integer 1-1000" },
  openSeconds: { env: "LLMOBS_CB_OPEN_SECONDS", schema: posNumber(3600), fallback: "30", allowed: "a number of seconds > 0 and <= 3600" },
  maxBodyMb: { env: "LLMOBS_MAX_BODY_MB", schema: posNumber(100), fallback: "10", allowed: "a number of MiB > 0 and <= 100" },
  backendScrapeIntervalMs: { env: "LLMOBS_BACKEND_SCRAPE_INTERVAL_MS", schema: intIn(100, 3_600_000), fallback: "15000", allowed: "an integer 100-3600000 (ms)" },
  upstreamProbeIntervalMs: {
    env: "LLMOBS_UPSTREAM_PROBE_INTERVAL_MS", schema: z.coerce.number().int().refine((ms) => ms === 0 || (ms >= 100 && ms <= 3_600_000)), fallback: "15000",
    allowed: "0 (probe only for /readyz) or an integer 100-3600000 (ms)",
  },
  gpuPollIntervalMs: { env: "LLMOBS_GPU_POLL_INTERVAL_MS", schema: intIn(100, 3_600_000), fallback: "10000", allowed: "an integer 100-3600000 (ms)" },
  nvidiaSmiPath: { env: "NVIDIA_SMI_PATH", schema: z.string().min(1), fallback: "nvidia-smi", allowed: "a path" },
  auditEnabled: { env: "AUDIT_ENABLED", schema: bool, fallback: "false", allowed: "true or false" },
  auditDir: { env: "AUDIT_LOG_DIR", schema: z.string().min(1), fallback: "logs/audit", allowed: "a directory path" },
  auditRetentionDays: { env: "AUDIT_RETENTION_DAYS", schema: intIn(1, 3650), fallback: "30", allowed: "an integer 1-3650" },
  auditMaxSizeMb: { env: "AUDIT_MAX_SIZE_MB", schema: intIn(1, 10_240), fallback: "100", allowed: "an integer 1-10240" },
  otelServiceName: { env: "OTEL_SERVICE_NAME", schema: z.string().min(1), fallback: "llm-exporter", allowed: "a service name" },
  otelSampleRatio: { env: "OTEL_TRACES_SAMPLER_ARG", schema: z.coerce.number().min(0).max(1), fallback: "1", allowed: "a number 0-1" },
  logLevel: {
    env: "LOG_LEVEL", schema: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]), fallback: "info",
    allowed: "one of fatal, error, warn, info, debug, trace, silent",
  },
} as const;

type Settings = typeof SETTINGS;
type Values = { [K in keyof Settings]: z.infer<Settings[K]["schema"]> };
type Env = Readonly<Record<string, string | undefined>>;

function describe(where: string, raw: unknown, allowed: string): string {
  const shown = JSON.stringify(raw);
  return `${where} = ${shown && shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}: expected ${allowed}`;
}

function readSetting<K extends keyof Settings>(key: K, flags: Record<string, string | undefined>, env: Env): Values[K] {
  const s: { env: string; flag?: string; schema: z.ZodType; fallback: string; allowed: string } = SETTINGS[key];
  const fromFlag = s.flag ? flags[s.flag] : undefined;
  const where = fromFlag !== undefined ? `--${s.flag}` : s.env;
  const raw = fromFlag ?? (env[s.env] === "" ? undefined : env[s.env]) ?? s.fallback;
  const r = s.schema.safeParse(raw);
  if (!r.success) throw new RuntimeConfigError(describe(where, raw, s.allowed));
  return r.data as Values[K];
}

const upstreamList = z.array(upstreamSchema).min(1);

/** Upstreams from `--upstream`, `LLMOBS_UPSTREAMS` (JSON array) or `LLMOBS_UPSTREAM` (one URL), in that order. */
export function parseUpstreams(flagUrl: string | undefined, env: Env): UpstreamConfig[] {
  const single = flagUrl ?? env.LLMOBS_UPSTREAM;
  const where = flagUrl !== undefined ? "--upstream" : "LLMOBS_UPSTREAM";
  if (single === undefined && env.LLMOBS_UPSTREAMS === undefined) {
    throw new RuntimeConfigError("no upstream: set --upstream <url>, LLMOBS_UPSTREAM=<url> or LLMOBS_UPSTREAMS=<JSON array>");
  }
  let raw: unknown;
  if (single !== undefined) raw = [{ name: "default", url: single, backend: "openai", default: true }];
  else {
    try {
      raw = JSON.parse(env.LLMOBS_UPSTREAMS!);
    } catch {
      throw new RuntimeConfigError(describe("LLMOBS_UPSTREAMS", env.LLMOBS_UPSTREAMS, "a JSON array of {name,url,backend,models,default}"));
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
      options: { upstream: { type: "string" }, port: { type: "string" }, host: { type: "string" } },
    }).values;
  } catch (e) {
    throw new RuntimeConfigError(`${(e as Error).message}: allowed flags are --upstream <url>, --port <n>, --host <addr>`);
  }
  const v = <K extends keyof Settings>(k: K) => readSetting(k, flags, env);
  const user = env.LLMOBS_METRICS_USERNAME, password = env.LLMOBS_METRICS_PASSWORD;
  if (Boolean(user) !== Boolean(password)) {
    throw new RuntimeConfigError(describe(user ? "LLMOBS_METRICS_PASSWORD" : "LLMOBS_METRICS_USERNAME", undefined, "set together with its pair to enable /metrics basic auth"));
  }
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  if (endpoint !== undefined && !z.url({ protocol: /^https?$/ }).safeParse(endpoint).success) {
    throw new RuntimeConfigError(describe("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint, "an http(s) URL"));
  }
  return {
    host: v("host"),
    port: v("port"),
    upstreams: parseUpstreams(flags.upstream, env),
    maxModelIds: v("maxModelIds"),
    timeouts: { connectMs: v("connectMs"), firstByteMs: v("firstByteMs"), idleMs: v("idleMs") },
    circuitBreaker: { failureThreshold: v("failureThreshold"), openSeconds: v("openSeconds") },
    ...(env.LLMOBS_API_TOKEN ? { apiToken: env.LLMOBS_API_TOKEN } : {}),
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
