import { z } from "zod";
import { duration, dnsLabel, hostPort, pattern, resources, storage, url } from "./common";

/** Scrape-level cardinality guards, applied to every scrape job. */
export const scrapeLimits = z.strictObject({
  sampleLimit: z.number().int().min(1).max(10_000_000).describe("Max samples per scrape (`sample_limit`); a target above it fails the scrape."),
  labelLimit: z.number().int().min(1).max(1000).describe("Max labels per series (`label_limit`)."),
  labelNameLengthLimit: z.number().int().min(1).max(10_000).describe("Max label name length in characters (`label_name_length_limit`)."),
  labelValueLengthLimit: z.number().int().min(1).max(100_000).describe("Max label value length in characters (`label_value_length_limit`)."),
  bodySizeLimitMb: z.number().int().min(1).max(1024).describe("Max uncompressed scrape body in MiB (`body_size_limit`)."),
});

export const LLM_BACKENDS = ["vllm", "llamacpp", "tgi", "ollama", "openai"] as const;

/** A native LLM backend whose own /metrics Prometheus scrapes (besides the exporter's translation). */
export const llmBackendTarget = z.strictObject({
  name: dnsLabel.describe("Scrape job suffix and `backend_name` label."),
  backend: z.enum(LLM_BACKENDS).describe("Which server exposes the metrics; selects the recording rules that map them into the catalog."),
  targets: z.array(hostPort).min(1).describe("host:port of each server instance."),
  metricsPath: pattern(/^\/[^\s]*$/, "an absolute HTTP path like /metrics").default("/metrics").describe("HTTP path of the metrics endpoint. Defaults to /metrics."),
});

const tls = z.strictObject({
  // The CA, client certificate and key are secrets (llmobs:targetTlsCa/targetTlsCert/targetTlsKey), mounted as files.
  mutual: z.boolean().default(false).describe("Present a client certificate (llmobs:targetTlsCert + llmobs:targetTlsKey): mutual TLS."),
  serverName: z.string().min(1).optional().describe("Server name to verify instead of the target host."),
  insecureSkipVerify: z.boolean().default(false).describe("Skip certificate verification (testing only)."),
});

export const prometheusConfig = z.strictObject({
  replicas: z.number().int().min(1).max(5).describe("Prometheus servers; 2 is an HA pair (both scrape everything, Alertmanager deduplicates)."),
  scrapeInterval: duration.describe("How often every target is scraped (seeds: 5-15 s)."),
  evaluationInterval: duration.describe("How often recording and alerting rules are evaluated."),
  windowedRulesInterval: duration.describe(
    "How often the rule groups that read 5-minute or longer windows of every model's series are evaluated: latency bucket rates and " +
    "P50/P95/P99, SLO error ratios, anomaly z-scores. A 5 m window moves little in a minute, and at 100 models these groups cost most of " +
    "a round; between prometheus.evaluationInterval and 2m (recorded series must stay well inside Prometheus' 5 m lookback).",
  ),
  scrapeTimeout: duration.describe("Per-scrape timeout; at most scrapeInterval."),
  retentionTime: duration.describe("How long samples are kept (`--storage.tsdb.retention.time`)."),
  retentionSizeGb: z.number().int().min(1).max(16384).describe("TSDB size cap in GiB (`--storage.tsdb.retention.size`); below storage.sizeGb."),
  storage: storage.describe("The TSDB volume."),
  resources: resources.describe("CPU and memory of each Prometheus container."),
  scrapeLimits: scrapeLimits.describe("Cardinality limits set on every scrape job."),
  externalLabels: z
    .record(pattern(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "a Prometheus label name like team"), z.string())
    .default({})
    .describe("Labels added to every series and alert leaving this Prometheus (`cluster` is always added from the top-level key)."),
  targetAuth: z.strictObject({
    scheme: z.enum(["http", "https"]).default("http").describe("Scheme used to reach the LLM targets."),
    basicAuthUsername: z.string().min(1).optional().describe("Basic-auth user for the LLM targets; the password is the secret llmobs:targetBasicAuthPassword."),
    tls: tls.optional().describe("TLS settings for the LLM targets (seed 002)."),
  }).default({ scheme: "http" }).describe("How Prometheus authenticates to the LLM targets (seed 002's basic auth + TLS)."),
  remoteWrite: z.array(z.strictObject({
    name: dnsLabel.describe("Name of the remote_write queue (shows in Prometheus' own metrics)."),
    url: url.describe("Remote-write endpoint of the long-term store."),
    basicAuthUsername: z.string().min(1).optional().describe("Basic-auth user; the password is the secret llmobs:remoteWritePassword."),
  })).default([]).describe("Long-term storage endpoints (seed 002)."),
  llmBackends: z.array(llmBackendTarget).default([]).describe("LLM servers whose native /metrics Prometheus scrapes directly."),
});
export type PrometheusConfig = z.infer<typeof prometheusConfig>;
