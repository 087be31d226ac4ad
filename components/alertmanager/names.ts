/** Stable names and ports of Alertmanager, which the Prometheus config and other components address. */
export const ALERTMANAGER_NAME = "alertmanager";
/** Headless Service giving each replica a DNS name, for gossip peers and for Prometheus discovery. */
export const ALERTMANAGER_HEADLESS = "alertmanager-headless";
export const ALERTMANAGER_PORT = 9093;
/** Gossip port of the HA cluster. */
export const ALERTMANAGER_CLUSTER_PORT = 9094;
/** Name of the HTTP port on the pods and Services. */
export const ALERTMANAGER_PORT_NAME = "web";
/** Where alertmanager.yml is mounted. */
export const ALERTMANAGER_CONFIG_DIR = "/etc/alertmanager";
/** Credential files sit in this subdirectory of the config directory, mounted from the same Secret. */
export const ALERTMANAGER_SECRETS_SUBDIR = "secrets";
export const ALERTMANAGER_SECRETS_DIR = `${ALERTMANAGER_CONFIG_DIR}/${ALERTMANAGER_SECRETS_SUBDIR}`;
/** Silences and the notification log (the volume mount). */
export const ALERTMANAGER_DATA_DIR = "/alertmanager";
