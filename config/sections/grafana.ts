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
  folder: z.string().min(1).max(120).describe("Grafana folder holding the stack's dashboards (and its alert rules)."),
  datasourceUrls: z
    .strictObject({
      prometheus: url.optional().describe("Prometheus as the external Grafana reaches it. Defaults to the in-cluster Service http://prometheus.<namespace>.svc:9090."),
      alertmanager: url.optional().describe("Alertmanager as the external Grafana reaches it. Defaults to http://alertmanager.<namespace>.svc:9093."),
      elasticsearch: url.optional().describe("Elasticsearch as the external Grafana reaches it. Defaults to http://elasticsearch.<namespace>.svc:9200."),
      jaeger: url.optional().describe("Jaeger's query service as the external Grafana reaches it. Defaults to http://jaeger.<namespace>.svc:16686."),
    })
    .describe("Mode external: where the existing Grafana reaches the stack's services (a deployed Grafana uses the Service names)."),
  alerting: z
    .boolean()
    .describe("Also declare every alert rule as a Grafana-managed rule (with contact points and a notification policy mirroring Alertmanager's routing), next to Prometheus' own."),
});
export type GrafanaConfig = z.infer<typeof grafanaConfig>;
