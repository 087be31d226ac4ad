import { ALERTMANAGER_CLUSTER_PORT, ALERTMANAGER_CONFIG_DIR, ALERTMANAGER_DATA_DIR, ALERTMANAGER_NAME, ALERTMANAGER_PORT } from "./names";

/** The environment variable holding the pod IP, which a replica advertises to its gossip peers. */
export const POD_IP_ENV = "POD_IP";

/** The gossip peer address of every replica: `<name>-<i>.<headless domain>:9094`. */
export function clusterPeers(replicas: number, headlessDomain: string): string[] {
  return Array.from({ length: replicas }, (_, i) => `${ALERTMANAGER_NAME}-${i}.${headlessDomain}:${ALERTMANAGER_CLUSTER_PORT}`);
}

/**
 * Server flags. With more than one replica every pod lists all replicas as `peers` (a StatefulSet's stable names
 * make that list static) so the gossip cluster deduplicates notifications; a single instance disables gossip,
 * which would otherwise wait for peers that never come.
 */
export function alertmanagerArgs(peers: readonly string[]): string[] {
  const base = [
    `--config.file=${ALERTMANAGER_CONFIG_DIR}/alertmanager.yml`,
    `--storage.path=${ALERTMANAGER_DATA_DIR}`,
    `--web.listen-address=:${ALERTMANAGER_PORT}`,
  ];
  if (peers.length < 2) return [...base, "--cluster.listen-address="];
  return [
    ...base,
    `--cluster.listen-address=0.0.0.0:${ALERTMANAGER_CLUSTER_PORT}`,
    `--cluster.advertise-address=$(${POD_IP_ENV}):${ALERTMANAGER_CLUSTER_PORT}`,
    ...peers.map((peer) => `--cluster.peer=${peer}`),
  ];
}
