export { Grafana, type GrafanaArgs } from "./grafana";
export {
  LOG_INDEX_PATTERN, grafanaDatasources, renderDashboardProvisioning, renderDatasourceProvisioning, splitForConfigMaps, type DatasourceDef,
} from "./provisioning";
export { grafanaEnvironment } from "./environment";
export { FOLDER_UID } from "./external";
export { GRAFANA_NAME, GRAFANA_PORT, SERVICE_URLS } from "./names";
export {
  ALERTMANAGER_CONTACT_POINT, grafanaNotificationPolicy, grafanaRuleGroups, grafanaTemplate, renderAlertingProvisioning,
  type GrafanaAlertRule, type GrafanaRuleGroup,
} from "./alerting";
