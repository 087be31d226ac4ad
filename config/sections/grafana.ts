import { z } from "zod";
import { resources, storage, url } from "./common";

export const grafanaConfig = z.strictObject({
  enabled: z.boolean().describe("Provision dashboards, datasources and alerts into a Grafana."),
  mode: z
    .enum(["deploy", "external"])
    .describe("`deploy` runs Grafana in the stack with provisioning files; `external` pushes everything to an existing Grafana through @pulumiverse/grafana."),
  url: url.optional().describe("URL of the existing Grafana (mode external); its API token is the secret llmobs:grafanaApiToken. Defaults to none."),
  adminUser: z.string().min(1).max(64).describe("Admin login of the deployed Grafana; the password is the secret llmobs:grafanaAdminPassword."),
  anonymousAccess: z.boolean().describe("Let visitors see dashboards without logging in (read-only Viewer)."),
  resources: resources.describe("CPU and memory of the deployed Grafana container."),
  storage: storage.describe("Volume of the deployed Grafana (sqlite database, plugins)."),
});
export type GrafanaConfig = z.infer<typeof grafanaConfig>;
