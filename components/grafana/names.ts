/** Stable names, ports and paths of the deployed Grafana. */
export const GRAFANA_NAME = "grafana";
export const GRAFANA_PORT = 3000;
export const GRAFANA_PORT_NAME = "http";
/** Grafana reads datasources/ and dashboards/ provider files from here. */
export const GRAFANA_PROVISIONING_DIR = "/etc/grafana/provisioning";
/** Dashboard JSON files: one subdirectory per ConfigMap (the file provider walks subdirectories). */
export const GRAFANA_DASHBOARDS_DIR = "/var/lib/grafana-dashboards";
/** The admin password file (mounted from a Secret), read through `GF_SECURITY_ADMIN_PASSWORD__FILE`. */
export const GRAFANA_SECRETS_DIR = "/etc/grafana/secrets";
/** sqlite database, plugins, sessions (the volume mount). */
export const GRAFANA_DATA_DIR = "/var/lib/grafana";
/** uid and gid of the grafana user in the official image. */
export const GRAFANA_UID = 472;

/** Well-known names and ports of the stack's other services a datasource points at. */
export const SERVICE_URLS = {
  prometheus: "http://prometheus:9090",
  alertmanager: "http://alertmanager:9093",
  elasticsearch: "http://elasticsearch:9200",
  jaeger: "http://jaeger:16686",
} as const;
