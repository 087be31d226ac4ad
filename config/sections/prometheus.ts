import { z } from "zod";
import { duration, dnsLabel, resources, storage } from "./common";

/** Scrape-level cardinality guards, applied to every scrape job. */
export const scrapeLimits = z.strictObject({
  /** Max samples per scrape; a target over it fails the scrape. */
  sampleLimit: z.number().int().min(1).max(10_000_000),
  /** Max labels per series. */
  labelLimit: z.number().int().min(1).max(1000),
  /** Max label name length in characters. */
  labelNameLengthLimit: z.number().int().min(1).max(10_000),
  /** Max label value length in characters. */
  labelValueLengthLimit: z.number().int().min(1).max(100_000),
  /** Max uncompressed scrape body size in MiB. */
  bodySizeLimitMb: z.number().int().min(1).max(1024),
});

/** A native LLM backend whose own /metrics Prometheus scrapes (besides the exporter's translation). */
export const llmBackendTarget = z.strictObject({
  name: dnsLabel,
  backend: z.enum(["vllm", "llamacpp", "tgi", "ollama", "openai"]),
  /** host:port list. */
  targets: z.array(z.string().regex(/^[A-Za-z0-9.-]+:[0-9]{1,5}$/, "expected host:port")).min(1),
  metricsPath: z.string().startsWith("/").default("/metrics"),
});

export const prometheusConfig = z.strictObject({
  /** Prometheus servers; 2 gives an HA pair (both scrape everything, Alertmanager deduplicates). */
  replicas: z.number().int().min(1).max(5),
  scrapeInterval: duration,
  evaluationInterval: duration,
  scrapeTimeout: duration,
  /** --storage.tsdb.retention.time */
  retentionTime: duration,
  /** --storage.tsdb.retention.size in GiB; must fit in the volume. */
  retentionSizeGb: z.number().int().min(1).max(16384),
  storage,
  resources,
  scrapeLimits,
  /** Labels added to every series and alert leaving this Prometheus (`cluster` is always added). */
  externalLabels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string()).default({}),
  /** Scheme/auth used to reach the LLM targets (seed 002's basic auth + TLS). */
  targetAuth: z.strictObject({
    scheme: z.enum(["http", "https"]).default("http"),
    /** Username for basic auth; the password comes from the secret `llmobs:targetBasicAuthPassword`. */
    basicAuthUsername: z.string().min(1).optional(),
    /** Paths inside the Prometheus container, mounted from the secret `llmobs:targetTls*`. */
    tls: z.strictObject({ caFile: z.string(), certFile: z.string().optional(), keyFile: z.string().optional(), serverName: z.string().optional(), insecureSkipVerify: z.boolean().default(false) }).optional(),
  }).default({ scheme: "http" }),
  /** Long-term storage endpoints (seed 002). The password of each comes from `llmobs:remoteWritePassword`. */
  remoteWrite: z.array(z.strictObject({
    name: dnsLabel,
    url: z.url({ protocol: /^https?$/ }),
    basicAuthUsername: z.string().min(1).optional(),
  })).default([]),
  /** LLM backends to scrape natively. */
  llmBackends: z.array(llmBackendTarget).default([]),
});
export type PrometheusConfig = z.infer<typeof prometheusConfig>;
