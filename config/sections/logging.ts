import { z } from "zod";
import { duration, resources, storage } from "./common";

export const loggingConfig = z.strictObject({
  enabled: z.boolean().describe("Ship container logs with Fluentd to Elasticsearch."),
  elasticsearch: z.strictObject({
    replicas: z.number().int().min(1).max(9).describe("Elasticsearch nodes; 3 in prod (a quorum survives one loss)."),
    resources: resources.describe("CPU and memory of each Elasticsearch node."),
    storage: storage.describe("Data volume of each Elasticsearch node."),
    retentionDays: z.number().int().min(1).max(3650).describe("Days log indices are kept (ILM delete phase)."),
    setMaxMapCount: z.boolean().describe("Raise the node's vm.max_map_count to 262144 (Elasticsearch's minimum for mmap) from a privileged init container; false runs no privileged container and keeps Elasticsearch off mmap (node.store.allow_mmap false), which needs no node setting."),
  }).describe("The Elasticsearch cluster logs (and prod traces) are stored in."),
  fluentd: z.strictObject({
    containerLogFormat: z
      .enum(["cri", "json"])
      .describe("Format of the node's container log files: `cri` (containerd, CRI-O: `<time> <stream> <P|F> <line>`) or `json` (Docker's json-file driver)."),
    flushInterval: duration.describe("How often buffered chunks are sent (seed 003: 5s)."),
    retryMaxInterval: duration.describe("Longest wait between exponential-backoff retries."),
    chunkLimitMb: z.number().int().min(1).max(64).describe("Size of one buffer chunk in MiB (seed 003: 2)."),
    totalLimitMb: z.number().int().min(8).max(65_536).describe("File buffer cap per node in MiB (seed 003: 500)."),
    overflowAction: z
      .enum(["block", "drop_oldest_chunk", "throw_exception"])
      .describe("What Fluentd does when the buffer is full: `drop_oldest_chunk` keeps the newest logs, `block` pauses tailing."),
    resources: resources.describe("CPU and memory of each Fluentd pod."),
  }).describe("The Fluentd DaemonSet that tails container logs."),
  kibana: z.boolean().describe("Also deploy Kibana."),
});
export type LoggingConfig = z.infer<typeof loggingConfig>;
