import type { GrafanaConfig } from "../../config";
import { GRAFANA_DASHBOARDS_DIR, GRAFANA_DATA_DIR, GRAFANA_PROVISIONING_DIR, GRAFANA_SECRETS_DIR } from "./names";

/** File name of the admin password in the secrets directory. */
export const ADMIN_PASSWORD_FILE = "admin-password";

/** File name of the Elasticsearch datasource's password (user `elastic`) in the secrets directory. */
export const ELASTICSEARCH_PASSWORD_FILE = "elasticsearch-password";

/**
 * Grafana's settings as `GF_*` environment variables, the same on Kubernetes and Docker. The admin password is
 * only ever a file from a Secret (`__FILE`); without one no admin account is created at all, rather than the
 * image's admin/admin. Anonymous access follows `grafana.anonymousAccess` (off in every shipped stack).
 */
export function grafanaEnvironment(g: Pick<GrafanaConfig, "adminUser" | "anonymousAccess">, hasPassword: boolean, homeDashboard: string): Record<string, string> {
  return {
    GF_SECURITY_ADMIN_USER: g.adminUser,
    ...(hasPassword
      ? { GF_SECURITY_ADMIN_PASSWORD__FILE: `${GRAFANA_SECRETS_DIR}/${ADMIN_PASSWORD_FILE}` }
      : { GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION: "true" }),
    GF_AUTH_ANONYMOUS_ENABLED: String(g.anonymousAccess),
    GF_AUTH_ANONYMOUS_ORG_ROLE: "Viewer",
    GF_USERS_ALLOW_SIGN_UP: "false",
    GF_ANALYTICS_REPORTING_ENABLED: "false",
    GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
    GF_PATHS_PROVISIONING: GRAFANA_PROVISIONING_DIR,
    GF_PATHS_DATA: GRAFANA_DATA_DIR,
    GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: `${GRAFANA_DASHBOARDS_DIR}/${homeDashboard}`,
  };
}
