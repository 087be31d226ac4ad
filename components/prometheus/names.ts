/** Stable names and ports of Prometheus, which other components (Grafana datasources) address. */
export const PROMETHEUS_NAME = "prometheus";
/** Headless Service governing the StatefulSet: one DNS name per replica. */
export const PROMETHEUS_HEADLESS = "prometheus-headless";
export const PROMETHEUS_PORT = 9090;
/** Name of the HTTP port on the pods and Services. */
export const PROMETHEUS_PORT_NAME = "web";
/** Where the config volume is mounted; `rule_files` are relative to it. */
export const PROMETHEUS_CONFIG_DIR = "/etc/prometheus";
/** Where credential files are mounted from the Secret. */
export const PROMETHEUS_SECRETS_DIR = "/etc/prometheus/secrets";
/** Rule files live in `rules/` next to prometheus.yml. */
export const RULES_SUBDIR = "rules";
/** The environment variable holding the pod name, expanded into the `prometheus_replica` external label. */
export const POD_NAME_ENV = "POD_NAME";
/** The TSDB directory (the volume mount). */
export const PROMETHEUS_DATA_DIR = "/prometheus";
