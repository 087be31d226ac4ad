import { z } from "zod";
import { dnsLabel, pinnedImage, pattern, port, resources, url } from "./common";
import { LLM_BACKENDS } from "./prometheus";

export const upstream = z.strictObject({
  name: dnsLabel.describe("Stable name: the `upstream` label and the circuit breaker's key."),
  url: url.describe("Base URL of the OpenAI-compatible server, e.g. `http://vllm:8000`."),
  backend: z.enum(LLM_BACKENDS).describe("Which native metrics/API the exporter reads for queue, cache, batch and model gauges."),
  models: z.array(z.string().min(1)).default([]).describe("model ids routed here; an upstream with none, or marked default, takes the rest."),
  default: z.boolean().default(false).describe("Takes every model no other upstream lists."),
});

export const exporterConfig = z.strictObject({
  enabled: z.boolean().describe("Deploy the LLM metrics exporter (proxy + /metrics)."),
  replicas: z.number().int().min(1).max(50).describe("Exporter instances behind the service."),
  port: port.describe("Listening port of the proxy and /metrics."),
  resources: resources.describe("CPU and memory of each exporter container."),
  upstreams: z.array(upstream).min(1).describe("LLM servers the proxy forwards to, with model routing."),
  maxModelIds: z.number().int().min(1).max(10_000).describe("Cardinality guard: distinct model_id values before the rest fold into `other` (seed 000: 100)."),
  proxyAuth: z.boolean().describe("Require `Authorization: Bearer <llmobs:exporterApiToken>` on /v1/*."),
  metricsAuth: z.boolean().describe("Require basic auth (user `prometheus`, password llmobs:exporterMetricsPassword) on /metrics."),
  timeouts: z.strictObject({
    connectMs: z.number().int().min(1).max(60_000).describe("TCP connect timeout to an upstream in ms."),
    firstByteMs: z.number().int().min(1).max(600_000).describe("Time to the upstream's first response byte in ms."),
    idleMs: z.number().int().min(1).max(600_000).describe("Longest silence inside a streamed response in ms."),
  }).describe("Upstream timeouts; a timeout counts as error `timeout`."),
  circuitBreaker: z.strictObject({
    failureThreshold: z.number().int().min(1).max(1000).describe("Consecutive failures that open an upstream's breaker."),
    openSeconds: z.number().int().min(1).max(3600).describe("Seconds the breaker stays open before a half-open probe."),
  }).describe("Per-upstream circuit breaker (seed 001)."),
  audit: z.strictObject({
    enabled: z.boolean().describe("Write the JSON Lines audit log."),
    retentionDays: z.number().int().min(1).max(3650).describe("Days audit files are kept (seed 001 AUDIT_RETENTION_DAYS)."),
    maxSizeMb: z.number().int().min(1).max(10_240).describe("Size in MiB at which the audit file rotates (seed 001 AUDIT_MAX_SIZE_MB)."),
  }).describe("Audit log (seed 001 AUDIT_* settings)."),
  simulator: z.strictObject({
    enabled: z.boolean().describe("Run the OpenAI-compatible LLM simulator (exporter/simulator, same image) as the `simulator` container; docker platform only."),
    models: z.array(z.string().min(1)).min(1).describe("Model ids the simulator serves."),
    ttftMs: z.number().int().min(0).max(60_000).describe("Simulated time to first token in ms."),
    tpotMs: z.number().int().min(0).max(10_000).describe("Simulated time per output token in ms."),
  }).describe("A stand-in LLM server, so the local stack works on a machine without a GPU server (upstream `http://simulator:8000`)."),
  maxBodyMb: z.number().int().min(1).max(100).describe("Largest request body in MiB; larger requests get 413."),
  traceSampleRatio: z.number().min(0).max(1).describe("Fraction of requests traced (0-1)."),
  image: z.strictObject({
    ref: pinnedImage
      .optional()
      .describe("A published exporter image to run as is, without building. Defaults to the image this release publishes (components/images.ts) unless `build` is true."),
    build: z.boolean().describe("Build exporter/Dockerfile from the repository checkout with the Docker provider (needs a Docker engine where `pulumi up` runs)."),
    registry: pattern(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/, "a registry like ghcr.io/acme or registry.local:5000/team")
      .optional()
      .describe("Registry a built image is pushed to, e.g. `ghcr.io/acme`; only with `build`. Defaults to none (built, not pushed)."),
    push: z.boolean().describe("Push the built image; needs `build` and `registry`."),
  }).describe("Which exporter container image runs: a published one (`ref`, the default on Kubernetes) or one built from exporter/Dockerfile (`build`, the default on Docker)."),
});
export type ExporterConfig = z.infer<typeof exporterConfig>;
