import * as pulumi from "@pulumi/pulumi";
import * as grafana from "@pulumiverse/grafana";
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { dashboardJson } from "../../dashboards";
import { ALERTMANAGER_CONTACT_POINT, type GrafanaRuleGroup, type grafanaNotificationPolicy } from "./alerting";
import type { DatasourceDef } from "./provisioning";

/** What an existing Grafana receives. */
export interface GrafanaExternalInput {
  /** Folder title, and the folder's uid base. */
  folder: string;
  datasources: readonly DatasourceDef[];
  dashboards: readonly Dashboard[];
  /** Grafana-managed alerting (grafana.alerting): rule groups, the notification policy and where Alertmanager is. Defaults to none. */
  alerting?: { groups: readonly GrafanaRuleGroup[]; policy: ReturnType<typeof grafanaNotificationPolicy>; alertmanagerUrl: string };
  /** Password of the datasources with a `basicAuthUser` (Elasticsearch's `elastic`). Required when one has. */
  basicAuthPassword?: pulumi.Output<string>;
}

/** The stable uid of the stack's folder: from its title, so renaming the title does not orphan the dashboards. */
export const FOLDER_UID = "llm-observability";

/**
 * The same folder, datasources (same uids) and dashboards the deployed Grafana gets from its provisioning files,
 * declared through the Grafana API with `@pulumiverse/grafana`. `opts` carries the Grafana provider.
 */
export function deployGrafanaExternal(name: string, input: GrafanaExternalInput, opts: pulumi.CustomResourceOptions) {
  const folder = new grafana.oss.Folder(`${name}-folder`, { title: input.folder, uid: FOLDER_UID }, opts);
  const datasources = input.datasources.map((d) => new grafana.oss.DataSource(`${name}-datasource-${d.uid}`, {
    // Never the default, and prefixed: this Grafana has datasources of its own (names are unique per org); the
    // dashboards find theirs by uid.
    name: `llmobs ${d.name}`, uid: d.uid, type: d.type, url: d.url, isDefault: false, accessMode: "proxy",
    jsonDataEncoded: JSON.stringify(d.jsonData),
    ...(d.basicAuthUser === undefined ? {} : {
      basicAuthEnabled: true, basicAuthUsername: d.basicAuthUser,
      secureJsonDataEncoded: pulumi.secret(pulumi.jsonStringify({ basicAuthPassword: requiredPassword(input.basicAuthPassword, d) })),
    }),
  }, opts));
  // Dashboards reference datasources by uid; creating them after the datasources avoids a first load with none.
  const dashboards = input.dashboards.map((d) => new grafana.oss.Dashboard(`${name}-dashboard-${d.uid}`, {
    folder: folder.uid, configJson: dashboardJson(d), overwrite: true, message: "llm-observability: pulumi up",
  }, { ...opts, dependsOn: datasources }));
  if (input.alerting) deployAlerting(name, input.alerting, folder, opts);
  return { folder, datasources, dashboards };
}

function deployAlerting(name: string, a: NonNullable<GrafanaExternalInput["alerting"]>, folder: grafana.oss.Folder, opts: pulumi.CustomResourceOptions) {
  const contactPoint = new grafana.alerting.ContactPoint(`${name}-contact-point`, {
    name: ALERTMANAGER_CONTACT_POINT, alertmanagers: [{ url: a.alertmanagerUrl }],
  }, opts);
  new grafana.alerting.NotificationPolicy(`${name}-notification-policy`, {
    contactPoint: contactPoint.name, groupBies: a.policy.group_by,
    groupWait: a.policy.group_wait, groupInterval: a.policy.group_interval, repeatInterval: a.policy.repeat_interval,
  }, opts);
  for (const g of a.groups) {
    new grafana.alerting.RuleGroup(`${name}-rules-${g.name}`, {
      name: g.name, folderUid: folder.uid, intervalSeconds: g.intervalSeconds,
      rules: g.rules.map((r) => ({
        uid: r.uid, name: r.title, condition: r.condition, for: r.for, labels: r.labels, annotations: r.annotations,
        noDataState: r.noDataState, execErrState: r.execErrState,
        datas: r.data.map((d) => ({ refId: d.refId, datasourceUid: d.datasourceUid, relativeTimeRange: d.relativeTimeRange, model: JSON.stringify(d.model) })),
      })),
    }, opts);
  }
}

function requiredPassword(password: pulumi.Output<string> | undefined, d: DatasourceDef): pulumi.Output<string> {
  if (password === undefined) throw new Error(`Grafana: the ${d.name} datasource logs in as ${d.basicAuthUser} but no password was given`);
  return password;
}
