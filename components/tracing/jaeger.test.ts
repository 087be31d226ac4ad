import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { installMocks, resetRecorded, settle, type RecordedResource } from "../../test/helpers/pulumi-mocks";
import { ENVIRONMENTS, deepMerge, environmentDefaults, type StackConfig } from "../../config";
import { validateManifest } from "../../render/kubernetes-schema";
import { redactSecrets } from "../../render/redact";
import { RETENTION_ANNOTATION } from "../kubernetes";
import { Jaeger, badgerTtl, jaegerRenderInput, renderJaegerConfig } from ".";

const recorded = installMocks();
const PASSWORD = "es-pw-51aa";

type Doc = { extensions: Record<string, any>; receivers: Record<string, any>; service: Record<string, any> };
const rendered = (c: StackConfig) => parse(renderJaegerConfig(jaegerRenderInput(c))) as Doc;

async function build(config: StackConfig): Promise<RecordedResource[]> {
  resetRecorded();
  new Jaeger("jaeger", { config, namespace: "llmobs", network: config.platform === "docker" ? "llmobs" : undefined, secrets: { elasticsearchPassword: PASSWORD } });
  await settle();
  return [...recorded];
}
const of = (rs: RecordedResource[], kind: string) => rs.filter((r) => r.type.endsWith(`:${kind}`)).map((r) => r.inputs as Record<string, any>);

describe("Jaeger config", () => {
  const backends = { local: "memory", dev: "memory", staging: "badger", prod: "elasticsearch" } as const;
  for (const env of ENVIRONMENTS) {
    it(`${env}: OTLP on 4317/4318, query on 16686, ${backends[env]} storage, the environment's sampling ratio`, () => {
      const c = environmentDefaults(env);
      const doc = rendered(c);
      assert.deepEqual(doc.receivers.otlp.protocols, { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } });
      assert.equal(doc.extensions.jaeger_query.http.endpoint, "0.0.0.0:16686");
      assert.deepEqual(Object.keys(doc.extensions.jaeger_storage.backends.traces), [backends[env]]);
      assert.equal(doc.extensions.remote_sampling.file.default_sampling_probability, c.tracing.samplingRatio);
      assert.deepEqual(doc.service.pipelines.traces, { receivers: ["otlp"], processors: ["batch"], exporters: ["jaeger_storage_exporter"] });
    });
  }

  it("badger keeps spans retentionDays (as its TTL)", () => {
    const c = deepMerge(environmentDefaults("dev"), { tracing: { backend: "badger", retentionDays: 5 } }) as StackConfig;
    assert.equal(badgerTtl(5), "120h");
    assert.equal(rendered(c).extensions.jaeger_storage.backends.traces.badger.ttl.spans, "120h");
  });

  it("elasticsearch storage logs in as elastic with the password from a file, on daily indices sized for the cluster", () => {
    const es = rendered(environmentDefaults("prod")).extensions.jaeger_storage.backends.traces.elasticsearch;
    assert.deepEqual(es.server_urls, ["http://elasticsearch:9200"]);
    assert.deepEqual(es.auth.basic, { username: "elastic", password_file: "/etc/jaeger/secrets/elasticsearchPassword" });
    assert.equal(es.indices.spans.rollover_frequency, "day");
    assert.equal(es.indices.spans.replicas, 1);
  });
});

describe("Jaeger component", () => {
  it("prod: Deployment on Elasticsearch storage, config in an auto-named ConfigMap showing the retention, index cleaner CronJob", async () => {
    const config = environmentDefaults("prod");
    const rs = await build(config);
    for (const r of rs.filter((x) => x.type.startsWith("kubernetes:"))) validateManifest(redactSecrets(r.inputs) as Record<string, unknown>);
    const cm = of(rs, "ConfigMap")[0]!;
    assert.match(cm.metadata.name, /^jaeger-config-[0-9a-f]{8}$/, "auto-named (the mocks name it as the engine would)");
    assert.equal(cm.metadata.annotations[RETENTION_ANNOTATION], "14");
    const deployment = of(rs, "Deployment")[0]!;
    assert.equal(deployment.spec.replicas, 2);
    assert.deepEqual(deployment.spec.template.spec.containers[0].args, ["--config", "/etc/jaeger/config.yaml"]);
    const cron = of(rs, "CronJob")[0]!;
    assert.deepEqual(cron.spec.jobTemplate.spec.template.spec.containers[0].args, ["14", "http://elasticsearch:9200"]);
    const service = of(rs, "Service")[0]!;
    assert.equal(service.metadata.name, "jaeger");
    assert.deepEqual(service.spec.ports.map((p: { port: number }) => p.port).slice(0, 3), [4317, 4318, 16686]);
    for (const r of rs.filter((x) => x.type !== "kubernetes:core/v1:Secret")) assert.ok(!JSON.stringify(r.inputs).includes(PASSWORD), `${r.type} holds the password`);
  });

  it("staging: badger on a PVC with a Recreate rollout (one process holds the store)", async () => {
    const rs = await build(environmentDefaults("staging"));
    assert.equal(of(rs, "PersistentVolumeClaim")[0]!.spec.resources.requests.storage, "20Gi");
    assert.equal(of(rs, "Deployment")[0]!.spec.strategy.type, "Recreate");
    assert.equal(of(rs, "CronJob").length, 0);
  });

  it("local: one container on the stack network with the rendered config uploaded", async () => {
    const config = environmentDefaults("local");
    const rs = await build(config);
    const container = of(rs, "Container")[0]!;
    assert.equal(container.name, "llmobs-jaeger");
    assert.equal(container.uploads[0].content, renderJaegerConfig(jaegerRenderInput(config)));
    assert.deepEqual(container.networksAdvanced[0].aliases, ["jaeger"]);
  });

  it("dev: memory storage keeps the newest traces, not days, so it claims no retention in days", async () => {
    const rs = await build(environmentDefaults("dev"));
    assert.equal(of(rs, "ConfigMap")[0]!.metadata.annotations[RETENTION_ANNOTATION], undefined);
    assert.equal(of(rs, "Deployment")[0]!.spec.strategy.type, "Recreate");
  });
});
