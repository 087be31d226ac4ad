import { z } from "zod";
import { dnsLabel, port, resources, url } from "./common";

export const upstream = z.strictObject({
  /** Stable name, used as the `upstream` label and in the circuit breaker gauge. */
  name: dnsLabel,
  /** Base URL of the OpenAI-compatible server, e.g. `http://vllm:8000`. */
  url,
  /** Which native metrics/API the exporter scrapes to fill queue, cache, batch and model gauges. */
  backend: z.enum(["vllm", "llamacpp", "tgi", "ollama", "openai"]),
  /** Models routed here; an upstream with none, or marked default, takes the rest. */
  models: z.array(z.string().min(1)).default([]),
  default: z.boolean().default(false),
});

export const exporterConfig = z.strictObject({
  enabled: z.boolean(),
  replicas: z.number().int().min(1).max(50),
  /** Listening port of the proxy and /metrics. */
  port,
  resources,
  upstreams: z.array(upstream).min(1),
  /** Cardinality guard: distinct model_id values before folding into `other`. */
  maxModelIds: z.number().int().min(1).max(10_000),
  /** Require `Authorization: Bearer <llmobs:exporterApiToken>` on /v1/*. */
  proxyAuth: z.boolean(),
  /** Require basic auth (user `prometheus`, password `llmobs:exporterMetricsPassword`) on /metrics. */
  metricsAuth: z.boolean(),
  timeouts: z.strictObject({
    connectMs: z.number().int().min(1).max(60_000),
    firstByteMs: z.number().int().min(1).max(600_000),
    idleMs: z.number().int().min(1).max(600_000),
  }),
  circuitBreaker: z.strictObject({
    /** Consecutive failures that open the breaker. */
    failureThreshold: z.number().int().min(1).max(1000),
    /** Seconds the breaker stays open before a half-open probe. */
    openSeconds: z.number().int().min(1).max(3600),
  }),
  /** Seed 001 AUDIT_* settings. */
  audit: z.strictObject({
    enabled: z.boolean(),
    retentionDays: z.number().int().min(1).max(3650),
    maxSizeMb: z.number().int().min(1).max(10_240),
  }),
  /** Max request body in MiB (413 above). */
  maxBodyMb: z.number().int().min(1).max(100),
  /** Fraction of requests traced (0-1). */
  traceSampleRatio: z.number().min(0).max(1),
  image: z.strictObject({
    /** Registry to push to, e.g. `ghcr.io/acme`; the image is built but not pushed when unset. */
    registry: z.string().regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/, "expected a registry like ghcr.io/acme").optional(),
    push: z.boolean(),
  }),
});
export type ExporterConfig = z.infer<typeof exporterConfig>;
