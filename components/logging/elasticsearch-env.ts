import { memoryMb } from "../docker/resources";
import type { LoggingConfig } from "../../config";
import { ELASTICSEARCH_CLUSTER, ELASTICSEARCH_HEADLESS, ELASTICSEARCH_NAME } from "./names";

/** Where the per-node transport certificate is generated (an emptyDir inside the config directory). */
export const TRANSPORT_CERT = "certs/transport.p12";

/** The JVM heap in MiB: half the container's memory limit (the rest is Lucene's file cache), at most 31 GiB (compressed oops). */
export function elasticsearchHeapMb(memoryLimit: string): number {
  return Math.min(Math.floor(memoryMb(memoryLimit) / 2), 31 * 1024);
}

/** The node names a fresh multi-node cluster elects its first master from: the StatefulSet's pods. */
export function initialMasterNodes(replicas: number): string {
  return Array.from({ length: replicas }, (_, i) => `${ELASTICSEARCH_NAME}-${i}`).join(",");
}

/**
 * Elasticsearch settings as environment variables (the image maps `a.b.c=v` variables onto elasticsearch.yml).
 * Security is on with the `elastic` password from a Secret (ELASTIC_PASSWORD, set by the caller). HTTP stays
 * plain inside the stack; with more than one node the transport layer is TLS-encrypted with a certificate each
 * node generates at start. Peers are not verified against a CA (verification_mode none): node-to-node traffic is
 * encrypted, but a rogue pod that can reach port 9300 could join; bring your own CA for that.
 */
export function elasticsearchSettings(es: LoggingConfig["elasticsearch"]): Record<string, string> {
  const heap = elasticsearchHeapMb(es.resources.limits.memory);
  const multiNode = es.replicas > 1;
  return {
    "cluster.name": ELASTICSEARCH_CLUSTER,
    ES_JAVA_OPTS: `-Xms${heap}m -Xmx${heap}m`,
    "bootstrap.memory_lock": "false",
    "xpack.security.enabled": "true",
    "xpack.security.http.ssl.enabled": "false",
    // Without the privileged sysctl init container the node keeps Elasticsearch off mmap, which needs no vm.max_map_count.
    ...(es.setMaxMapCount ? {} : { "node.store.allow_mmap": "false" }),
    ...(multiNode
      ? {
        "discovery.seed_hosts": ELASTICSEARCH_HEADLESS,
        "cluster.initial_master_nodes": initialMasterNodes(es.replicas),
        "xpack.security.transport.ssl.enabled": "true",
        "xpack.security.transport.ssl.verification_mode": "none",
        "xpack.security.transport.ssl.keystore.path": TRANSPORT_CERT,
        "xpack.security.transport.ssl.truststore.path": TRANSPORT_CERT,
      }
      : { "discovery.type": "single-node", "xpack.security.transport.ssl.enabled": "false" }),
  };
}
