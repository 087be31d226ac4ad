import { z } from "zod";
import { resources, storage } from "./common";

export const tracingConfig = z.strictObject({
  enabled: z.boolean().describe("Run Jaeger v2 (OTLP on 4317/4318); the exporter sends its spans there (sampling: exporter.traceSampleRatio)."),
  backend: z
    .enum(["memory", "badger", "elasticsearch"])
    .describe("Span storage: `memory` (lost on restart), `badger` (local volume), `elasticsearch` (the logging cluster, needs logging.enabled)."),
  replicas: z.number().int().min(1).max(10).describe("Jaeger instances; above 1 only with elasticsearch storage."),
  retentionDays: z.number().int().min(1).max(365).describe("Days spans are kept (badger TTL, or Elasticsearch index cleanup)."),
  resources: resources.describe("CPU and memory of each Jaeger container."),
  storage: storage.describe("Volume of badger storage (unused by the other backends)."),
});
export type TracingConfig = z.infer<typeof tracingConfig>;
