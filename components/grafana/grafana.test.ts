import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { installMocks, resetRecorded, resolve, settle, type RecordedResource } from "../../test/helpers/pulumi-mocks";
import { ConfigError, ENVIRONMENTS, loadStackConfig, type Environment, type StackConfig } from "../../config";
import { dashboards } from "../../dashboards";
import { validateManifest } from "../../render/kubernetes-schema";
import { redactSecrets } from "../../render/redact";
import { IMAGES, isPinnedImage } from "../images";
import { Grafana, grafanaDatasources, splitForConfigMaps, type GrafanaArgs } from ".";

const recorded = installMocks();

const PASSWORD = "grafana-admin-3f9a";
const TOKEN = "glsa_token_81c2";
const ES_PASSWORD = "elastic-pw-77d1";

function stack(env: Environment, grafana: object = {}, extra: Record<string, string> = {}): StackConfig {
  return loadStackConfig({ "llmobs:environment": env, "llmobs:grafana": JSON.stringify(grafana), ...extra }).config;
}

async function build(config: StackConfig, args: Partial<GrafanaArgs> = {}) {
  resetRecorded();
  const grafana = new Grafana("grafana", {
    config, namespace: "llmobs", network: config.platform === "docker" ? "llmobs" : undefined, adminPassword: PASSWORD,
    elasticsearchPassword: ES_PASSWORD, ...args,
  });
  await resolve(grafana.url);
  await settle();
  return { grafana, resources: [...recorded] };
}

const ofType = (rs: RecordedResource[], type: string) => rs.filter((r) => r.type === type).map((r) => r.inputs as Record<string, any>);
const envOf = (container: { env: { name: string; value: string }[] }) => Object.fromEntries(container.env.map((e) => [e.name, e.value]));

/** The password reaches only the Secret (Kubernetes) or the secret upload (Docker), never a ConfigMap or plain value. */
function assertPasswordContained(rs: RecordedResource[]): void {
  for (const r of rs) {
    for (const secret of [PASSWORD, ES_PASSWORD]) {
      assert.ok(!JSON.stringify(redactSecrets(r.inputs)).includes(secret), `${r.type} ${r.name} holds a password as a plain value`);
      if (r.type === "kubernetes:core/v1:ConfigMap") assert.ok(!JSON.stringify(r.inputs).includes(secret), `ConfigMap ${r.name} holds a password`);
    }
  }
}

for (const env of ENVIRONMENTS.filter((e) => e !== "local")) {
  describe(`Grafana deployed on Kubernetes (${env})`, () => {
    it("runs the pinned image as a Deployment behind the Service grafana, provisioned from auto-named ConfigMaps", async () => {
      const config = stack(env);
      const { grafana, resources } = await build(config);
      const [deployment] = ofType(resources, "kubernetes:apps/v1:Deployment");
      assert.equal(deployment?.metadata.name, "grafana");
      const pod = deployment!.spec.template.spec;
      assert.equal(pod.containers[0].image, IMAGES.grafana);
      assert.ok(isPinnedImage(IMAGES.grafana));
      const [service] = ofType(resources, "kubernetes:core/v1:Service");
      assert.equal(service?.metadata.name, "grafana");
      assert.deepEqual(service?.spec.ports.map((p: { port: number }) => p.port), [3000]);

      const configMaps = ofType(resources, "kubernetes:core/v1:ConfigMap");
      // Declared without a name, so the engine names them `<logical name>-<suffix>` and a change rolls the pod.
      const autoNamed = /^grafana-[a-z0-9-]+-[0-9a-f]{8}$/;
      for (const cm of configMaps) assert.match(cm.metadata.name, autoNamed, "ConfigMaps are auto-named");
      const provisioning = configMaps.find((cm) => "datasources_datasources.yaml" in cm.data)!;
      const ds = parse(provisioning.data["datasources_datasources.yaml"]).datasources as { uid: string }[];
      assert.deepEqual(ds.map((d) => d.uid), grafanaDatasources(config).map((d) => d.uid));
      const mounted = new Set(configMaps.flatMap((cm) => Object.keys(cm.data)));
      for (const d of dashboards(config)) assert.ok(mounted.has(`${d.uid}.json`), `${d.uid} not in a ConfigMap`);
      assert.ok(Object.keys(grafana.files).includes("grafana/provisioning/dashboards/dashboards.yaml"));

      const env_ = envOf(pod.containers[0]);
      assert.equal(env_.GF_AUTH_ANONYMOUS_ENABLED, "false");
      assert.equal(env_.GF_SECURITY_ADMIN_PASSWORD__FILE, "/etc/grafana/secrets/admin-password");
      assert.equal(env_.GF_SECURITY_ADMIN_PASSWORD, undefined);
      const [secret] = ofType(resources, "kubernetes:core/v1:Secret");
      assert.match(secret?.metadata.name, autoNamed, "the admin Secret is auto-named");
      // Elasticsearch (logging is on in every cluster stack) logs in as elastic; the provisioning file only names the
      // mounted password file, which the Secret holds next to the admin password.
      const es = (ds as Record<string, any>[]).find((d) => d.uid === "elasticsearch")!;
      assert.deepEqual([es.basicAuth, es.basicAuthUser, es.jsonData.index], [true, "elastic", "llmobs-logs-*"]);
      assert.equal(es.secureJsonData.basicAuthPassword, "$__file{/etc/grafana/secrets/elasticsearch-password}");
      assert.deepEqual(Object.keys(redactSecrets(secret!.stringData) as object).sort(), ["admin-password", "elasticsearch-password"]);
      assertPasswordContained(resources);

      const claims = ofType(resources, "kubernetes:core/v1:PersistentVolumeClaim");
      assert.equal(claims.length, config.grafana.storage.enabled ? 1 : 0);
      if (claims.length > 0) assert.equal(deployment!.spec.strategy.type, "Recreate");
      for (const r of resources.filter((x) => x.type.startsWith("kubernetes:"))) validateManifest(redactSecrets(r.inputs) as Record<string, unknown>);
    });
  });
}

describe("Grafana datasources", () => {
  const cases = [
    { logging: false, tracing: false, uids: ["prometheus", "alertmanager"] },
    { logging: true, tracing: false, uids: ["prometheus", "alertmanager", "elasticsearch"] },
    { logging: false, tracing: true, uids: ["prometheus", "alertmanager", "jaeger"] },
    { logging: true, tracing: true, uids: ["prometheus", "alertmanager", "elasticsearch", "jaeger"] },
  ];
  for (const c of cases) {
    it(`logging ${c.logging}, tracing ${c.tracing}: ${c.uids.join(", ")}`, () => {
      const config = loadStackConfig({
        "llmobs:environment": "dev",
        "llmobs:logging": JSON.stringify({ enabled: c.logging }),
        "llmobs:tracing": JSON.stringify({ enabled: c.tracing, backend: "memory" }),
      }).config;
      const ds = grafanaDatasources(config);
      assert.deepEqual(ds.map((d) => d.uid), c.uids);
      const exemplars = ds[0]!.jsonData.exemplarTraceIdDestinations as { datasourceUid: string }[] | undefined;
      assert.deepEqual(exemplars?.map((e) => e.datasourceUid), c.tracing ? ["jaeger"] : undefined, "exemplars link to Jaeger only when it runs");
    });
  }
});

describe("Grafana deployed on Docker (local)", () => {
  it("one container with the same provisioning and dashboards, the password as a secret upload", async () => {
    const config = stack("local");
    const { resources } = await build(config);
    const containers = ofType(resources, "docker:index/container:Container");
    assert.equal(containers.length, 1);
    const c = containers[0]!;
    assert.equal(c.image, IMAGES.grafana);
    assert.deepEqual(c.networksAdvanced[0].aliases, ["grafana"]);
    // The uploads hold the password, so the engine receives the list as one secret value: unwrap it to read the paths.
    const files = (c.uploads.value as { file: string }[]).map((u) => u.file);
    assert.ok(files.includes("/etc/grafana/provisioning/datasources/datasources.yaml"));
    for (const d of dashboards(config)) assert.ok(files.some((f) => f.endsWith(`/${d.uid}.json`)), `${d.uid} not uploaded`);
    assert.ok((c.envs as string[]).includes("GF_AUTH_ANONYMOUS_ENABLED=false"));
    assertPasswordContained(resources);
    assert.equal(ofType(resources, "pulumi:providers:grafana").length, 0, "deploy mode needs no Grafana provider");
  });

  it("without an admin password creates no admin account rather than admin/admin", async () => {
    const { resources } = await build(stack("local"), { adminPassword: undefined });
    const envs = ofType(resources, "docker:index/container:Container")[0]!.envs as string[];
    assert.ok(envs.includes("GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION=true"));
    assert.ok(!envs.some((e) => e.startsWith("GF_SECURITY_ADMIN_PASSWORD")));
  });
});

describe("Grafana in external mode", () => {
  const external = { mode: "external", url: "https://grafana.example.com" };

  it("declares folder, datasources and every dashboard through @pulumiverse/grafana, and nothing on the platform", async () => {
    const config = stack("prod", external, { "llmobs:grafanaApiToken": TOKEN });
    const { grafana, resources } = await build(config, { apiToken: TOKEN });
    const [provider] = ofType(resources, "pulumi:providers:grafana");
    assert.equal(provider?.url, "https://grafana.example.com");
    assert.ok(!JSON.stringify(redactSecrets(provider)).includes(TOKEN), "the token is a secret");
    const [folder] = ofType(resources, "grafana:oss/folder:Folder");
    assert.equal(folder?.title, "LLM Observability");
    const ds = ofType(resources, "grafana:oss/dataSource:DataSource");
    assert.deepEqual(ds.map((d) => d.uid).sort(), grafana.datasources.map((d) => d.uid).sort());
    assert.equal(ds.find((d) => d.uid === "prometheus")?.url, "http://prometheus.llmobs.svc:9090", "in-cluster URL by default");
    const boards = ofType(resources, "grafana:oss/dashboard:Dashboard");
    assert.deepEqual(boards.map((b) => JSON.parse(b.configJson).uid).sort(), dashboards(config).map((d) => d.uid).sort());
    assert.equal(resources.filter((r) => r.type.startsWith("kubernetes:") || r.type.startsWith("docker:")).length, 0);
    assert.ok(!Object.keys(grafana.files).some((f) => f.includes("provisioning")), "no provisioning files in external mode");
    // Elasticsearch (logging is on in prod) logs in as elastic, with the password only in the secure JSON.
    const es = ds.find((d) => d.uid === "elasticsearch")!;
    assert.equal(es.basicAuthEnabled, true);
    assert.equal(es.basicAuthUsername, "elastic");
    assert.match(JSON.stringify(es.secureJsonDataEncoded), new RegExp(ES_PASSWORD));
    assertPasswordContained(resources);
  });

  it("uses grafana.datasourceUrls when the external Grafana reaches the stack from outside", async () => {
    const config = stack("prod", { ...external, datasourceUrls: { prometheus: "https://prom.example.com" } }, { "llmobs:grafanaApiToken": TOKEN });
    const { resources } = await build(config, { apiToken: TOKEN });
    assert.equal(ofType(resources, "grafana:oss/dataSource:DataSource").find((d) => d.uid === "prometheus")?.url, "https://prom.example.com");
  });

  it("without a token is a config error naming the key", () => {
    const config = stack("prod", external, { "llmobs:grafanaApiToken": TOKEN });
    assert.throws(() => new Grafana("g", { config, elasticsearchPassword: ES_PASSWORD }), (e: unknown) => e instanceof ConfigError && /llmobs:grafanaApiToken = \(unset\)/.test(String(e.message)));
  });
});

describe("splitForConfigMaps", () => {
  it("packs dashboards into ConfigMaps under the size limit, in name order", () => {
    const files = { "a.json": "x".repeat(450), "b.json": "y".repeat(450), "c.json": "z".repeat(100) };
    assert.deepEqual(splitForConfigMaps(files, 1000).map((g) => Object.keys(g)), [["a.json", "b.json"], ["c.json"]]);
    assert.deepEqual(splitForConfigMaps(files, 500).map((g) => Object.keys(g)), [["a.json"], ["b.json"], ["c.json"]]);
  });

  it("rejects a dashboard larger than one ConfigMap, naming it", () => {
    assert.throws(() => splitForConfigMaps({ "huge.json": "x".repeat(2000) }, 1000), /dashboard huge\.json: 2009 bytes: expected at most 1000/);
  });
});
