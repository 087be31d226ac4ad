export { Alertmanager, type AlertmanagerArgs } from "./alertmanager";
export { GROUP_BY as ALERTMANAGER_GROUP_BY, alertmanagerSecretFileKeys, renderAlertmanagerConfig, type AlertmanagerRenderOptions } from "./render-config";
export { RECEIVERS, WEBHOOK_URL_PLACEHOLDER } from "./receivers";
export { alertmanagerArgs, clusterPeers } from "./server-args";
export {
  ALERTMANAGER_CLUSTER_PORT, ALERTMANAGER_CONFIG_DIR, ALERTMANAGER_DATA_DIR, ALERTMANAGER_HEADLESS, ALERTMANAGER_NAME,
  ALERTMANAGER_PORT, ALERTMANAGER_PORT_NAME, ALERTMANAGER_SECRETS_DIR,
} from "./names";
export { amtoolCheckConfig, amtoolRoutes } from "./amtool";
