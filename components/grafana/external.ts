import * as pulumi from "@pulumi/pulumi";
import * as grafana from "@pulumiverse/grafana";
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { dashboardJson } from "../../dashboards";
import type { DatasourceDef } from "./provisioning";

/** What an existing Grafana receives. */
export interface GrafanaExternalInput {
  /** Folder title, and the folder's uid base. */
  folder: string;
  datasources: readonly DatasourceDef[];
  dashboards: readonly Dashboard[];
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
    name: d.name, uid: d.uid, type: d.type, url: d.url, isDefault: d.isDefault ?? false, accessMode: "proxy",
    jsonDataEncoded: JSON.stringify(d.jsonData),
  }, opts));
  // Dashboards reference datasources by uid; creating them after the datasources avoids a first load with none.
  const dashboards = input.dashboards.map((d) => new grafana.oss.Dashboard(`${name}-dashboard-${d.uid}`, {
    folder: folder.uid, configJson: dashboardJson(d), overwrite: true, message: "llm-observability: pulumi up",
  }, { ...opts, dependsOn: datasources }));
  return { folder, datasources, dashboards };
}
