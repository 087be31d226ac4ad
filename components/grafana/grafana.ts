import * as pulumi from "@pulumi/pulumi";
import * as grafana from "@pulumiverse/grafana";
import { ConfigError, type StackConfig } from "../../config";
import { dashboardJson, dashboards as buildDashboards } from "../../dashboards";
import { grafanaNotificationPolicy, grafanaRuleGroups, renderAlertingProvisioning } from "./alerting";
import { deployGrafanaDocker } from "./docker";
import { ADMIN_PASSWORD_FILE, ELASTICSEARCH_PASSWORD_FILE, grafanaEnvironment } from "./environment";
import { deployGrafanaExternal } from "./external";
import { GRAFANA_NAME, GRAFANA_PORT, SERVICE_URLS } from "./names";
import { deployGrafanaKubernetes } from "./kubernetes";
import {
  grafanaDatasources, renderDashboardProvisioning, renderDatasourceProvisioning, splitForConfigMaps, type DatasourceDef,
} from "./provisioning";

/** The dashboard Grafana opens on: seed 000's LLM inference dashboard. */
const HOME_DASHBOARD = "llmobs-llm-inference.json";

export interface GrafanaArgs {
  /** The validated stack config: `grafana` decides the mode; dashboards read `alerts.thresholds`; datasources follow `logging`/`tracing`. */
  config: StackConfig;
  /** Kubernetes namespace (deploy mode), created by the caller. Defaults to `config.namespace`. */
  namespace?: pulumi.Input<string>;
  /** Docker network of the stack (deploy mode on Docker). Required there; ignored otherwise. */
  network?: pulumi.Input<string>;
  /** Admin password of the deployed Grafana (a Pulumi secret); without it no admin account is created. Defaults to none. */
  adminPassword?: pulumi.Input<string>;
  /** Password of Elasticsearch's `elastic` user, for the Elasticsearch datasource. Required when `logging.enabled`. */
  elasticsearchPassword?: pulumi.Input<string>;
  /** Service-account token of the existing Grafana (mode external). Required there unless `provider` is given. */
  apiToken?: pulumi.Input<string>;
  /** A Grafana provider of your own for mode external. Defaults to one built from `grafana.url` and `apiToken`. */
  provider?: grafana.Provider;
}

/**
 * Grafana for the stack, one of two ways (`grafana.mode`): `deploy` runs Grafana (Kubernetes Deployment or Docker
 * container) provisioned from files: datasources, and every dashboard from dashboards/; `external` declares the
 * same folder, datasources and dashboards on an existing Grafana through its API. With `grafana.alerting`, every
 * alert Prometheus evaluates is also a Grafana-managed rule, notifying through the stack's Alertmanager.
 */
export class Grafana extends pulumi.ComponentResource {
  /** Bundle-relative path -> content: `grafana/dashboards/<uid>.json` and the provisioning YAML. */
  readonly files: Record<string, string>;
  /** The datasources Grafana gets (uids the dashboards reference). */
  readonly datasources: readonly DatasourceDef[];
  /** Where Grafana answers: the Service/container inside the stack, or the external URL. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: GrafanaArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("llmobs:grafana:Grafana", name, {}, opts);
    const c = args.config;
    const g = c.grafana;
    const child = { parent: this };
    const models = buildDashboards(c);
    const dashboardFiles = Object.fromEntries(models.map((d) => [`${d.uid}.json`, dashboardJson(d)]));
    this.files = Object.fromEntries(Object.entries(dashboardFiles).map(([file, json]) => [`grafana/dashboards/${file}`, json]));

    const esPassword = c.logging.enabled ? requiredSecret(args.elasticsearchPassword, "elasticsearchPassword", "logging.enabled is true (Grafana's Elasticsearch datasource)") : undefined;
    if (g.mode === "external") {
      if (g.url === undefined) throw new ConfigError(["llmobs:grafana.url = (unset): expected the URL of the existing Grafana when grafana.mode is external"]);
      const namespace = c.namespace;
      const inCluster = (service: keyof typeof SERVICE_URLS) => SERVICE_URLS[service].replace(`//${service}:`, `//${service}.${namespace}.svc:`);
      this.datasources = grafanaDatasources(c, {
        prometheus: g.datasourceUrls.prometheus ?? inCluster("prometheus"),
        alertmanager: g.datasourceUrls.alertmanager ?? inCluster("alertmanager"),
        elasticsearch: g.datasourceUrls.elasticsearch ?? inCluster("elasticsearch"),
        jaeger: g.datasourceUrls.jaeger ?? inCluster("jaeger"),
      });
      // Only this mode talks to a Grafana API, so only this mode needs the Grafana provider plugin.
      const provider = args.provider ?? new grafana.Provider(`${name}-provider`, { url: g.url, auth: requiredSecret(args.apiToken, "grafanaApiToken", "grafana.mode is external") }, child);
      deployGrafanaExternal(name, {
        folder: g.folder, datasources: this.datasources, dashboards: models,
        alerting: g.alerting ? { groups: grafanaRuleGroups(c), policy: grafanaNotificationPolicy(c), alertmanagerUrl: this.datasources.find((d) => d.type === "alertmanager")!.url } : undefined,
        basicAuthPassword: esPassword,
      }, { parent: this, provider });
      this.url = pulumi.output(g.url);
    } else {
      this.datasources = grafanaDatasources(c);
      const provisioning: Record<string, string> = {
        "datasources/datasources.yaml": renderDatasourceProvisioning(this.datasources),
        "dashboards/dashboards.yaml": renderDashboardProvisioning(g.folder),
        ...(g.alerting ? { "alerting/alerting.yaml": renderAlertingProvisioning(c) } : {}),
      };
      for (const [path, text] of Object.entries(provisioning)) this.files[`grafana/provisioning/${path}`] = text;
      const dashboardGroups = splitForConfigMaps(dashboardFiles);
      const home = dashboardGroups.findIndex((files) => HOME_DASHBOARD in files);
      const password = args.adminPassword === undefined ? undefined : pulumi.secret(args.adminPassword);
      if (password === undefined) pulumi.log.warn("grafana: llmobs:grafanaAdminPassword is unset: Grafana starts without an admin account", this);
      const env = grafanaEnvironment(g, password !== undefined, `${home}/${HOME_DASHBOARD}`);
      const secretFiles = {
        ...(password === undefined ? {} : { [ADMIN_PASSWORD_FILE]: password }),
        ...(esPassword === undefined ? {} : { [ELASTICSEARCH_PASSWORD_FILE]: esPassword }),
      };
      const input = { grafana: g, provisioning, dashboardGroups, env, secretFiles };
      if (c.platform === "kubernetes") {
        deployGrafanaKubernetes(name, { ...input, namespace: args.namespace ?? c.namespace }, child);
      } else {
        if (args.network === undefined) throw new ConfigError(["Grafana: `network` is unset: expected the name of the stack's Docker network on the docker platform"]);
        deployGrafanaDocker(name, { ...input, prefix: c.namespace, network: args.network }, child);
      }
      this.url = pulumi.output(`http://${GRAFANA_NAME}:${GRAFANA_PORT}`);
    }
    this.registerOutputs({ url: this.url });
  }
}

function requiredSecret(value: pulumi.Input<string> | undefined, key: string, because: string): pulumi.Output<string> {
  if (value === undefined) throw new ConfigError([`llmobs:${key} = (unset): expected a secret because ${because} (pulumi config set --secret llmobs:${key} ...)`]);
  return pulumi.secret(value);
}
