import { z } from "zod";
import { resources, storage } from "./common";

export const tracingConfig = z.strictObject({
  enabled: z.boolean().describe("Run Jaeger v2 (OTLP on 4317/4318); the exporter sends its spans there (sampling: exporter.traceSampleRatio)."),
  backend: z
    .enum(["memory", "badger", "elasticsearch"])
    .describe("Span storage: `memory` (lost on restart), `badger` (local volume), `elasticsearch` (the logging cluster, needs logging.enabled)."),
  replicas: z.number().int().min(1).max(10).describe("Jaeger instances; above 1 only with elasticsearch storage."),
  retentionDays: z.number().int().min(1).max(365).describe("Days spans are kept (badger TTL, or Elasticsearch index cleanup)."),
  maxTraces: z.number().int().min(1000).max(10_000_000).describe("Traces the memory backend keeps before dropping the oldest (memory has no TTL)."),
  samplingRatio: z.number().min(0).max(1).describe("Default probabilistic sampling ratio (0-1) Jaeger's remote-sampling endpoint hands out to SDKs that ask it; the exporter's own ratio is exporter.traceSampleRatio."),
  resources: resources.describe("CPU and memory of each Jaeger container."),
  storage: storage.describe("Volume of badger storage (unused by the other backends)."),
});
export type TracingConfig = z.infer<typeof tracingConfig>;
