import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { installMocks, resetRecorded, settle, type RecordedResource } from "./helpers/pulumi-mocks";
import * as pulumi from "@pulumi/pulumi";
import { readStackWithFixtureSecrets } from "../render/stack-input";
import { validateManifest } from "../render/kubernetes-schema";
import { redactSecrets } from "../render/redact";
import { LLM_METRICS } from "../catalog";

const recorded = installMocks();
// Imported after the mocks, as Pulumi requires.
const { buildProgram } = require("../program") as typeof import("../program");

async function build(stack: string) {
  resetRecorded();
  const { config: flat, secretKeys } = readStackWithFixtureSecrets(join(__dirname, "..", "stacks", `Pulumi.${stack}.yaml`));
  pulumi.runtime.setAllConfig(flat, secretKeys);
  const program = buildProgram(flat, secretKeys);
  await settle();
  return { program, resources: [...recorded], secretValues: secretKeys.map((k) => flat[k]!) };
}

const ofType = (rs: RecordedResource[], type: string) => rs.filter((r) => r.type === type);
const replicasOf = (rs: RecordedResource[], kind: string, name: string) =>
  (rs.find((r) => r.type.endsWith(`:${kind}`) && (r.inputs.metadata as { name: string }).name === name)?.inputs.spec as { replicas: number })?.replicas;

const cases = [
  { stack: "local", platform: "docker", prometheusReplicas: undefined, alertmanagerReplicas: undefined, elasticsearch: undefined, jaeger: "memory", dcgm: false },
  { stack: "dev", platform: "kubernetes", prometheusReplicas: 1, alertmanagerReplicas: 1, elasticsearch: 1, jaeger: "memory", dcgm: true },
  { stack: "staging", platform: "kubernetes", prometheusReplicas: 2, alertmanagerReplicas: 2, elasticsearch: 1, jaeger: "badger", dcgm: true },
  { stack: "prod", platform: "kubernetes", prometheusReplicas: 2, alertmanagerReplicas: 3, elasticsearch: 3, jaeger: "elasticsearch", dcgm: true },
] as const;

const kindNamed = (rs: RecordedResource[], kind: string, name: string) =>
  rs.find((r) => r.type.endsWith(`:${kind}`) && (r.inputs.metadata as { name?: string } | undefined)?.name === name);

for (const c of cases) {
  test(`ObservabilityStack ${c.stack}: composes Prometheus, Alertmanager and the exporter on ${c.platform}`, async () => {
    const { program, resources, secretValues } = await build(c.stack);
    const types = new Set(resources.map((r) => r.type));
    for (const t of ["llmobs:index:ObservabilityStack", "llmobs:prometheus:Prometheus", "llmobs:alertmanager:Alertmanager", "llmobs:exporter:LlmExporter", "llmobs:grafana:Grafana"]) {
      assert.ok(types.has(t), `${t} missing`);
    }
    const k8sObjects = resources.filter((r) => r.type.startsWith("kubernetes:"));
    const dockerTypes = resources.filter((r) => r.type.startsWith("docker:") || r.type === "pulumi:providers:docker").map((r) => r.type);
    if (c.platform === "docker") {
      assert.equal(k8sObjects.length, 0, "Kubernetes objects on the docker platform");
      assert.equal(ofType(resources, "docker:index/network:Network").length, 1);
      assert.ok(ofType(resources, "docker:index/container:Container").length >= 3);
    } else {
      // `pulumi up` must not need a Docker engine (or the Docker provider) on Kubernetes: the published image runs.
      assert.deepEqual(dockerTypes, [], "docker resources on a Kubernetes stack");
      assert.equal(ofType(resources, "kubernetes:core/v1:Namespace").length, 1);
      assert.equal(replicasOf(resources, "StatefulSet", "prometheus"), c.prometheusReplicas);
      assert.equal(replicasOf(resources, "StatefulSet", "alertmanager"), c.alertmanagerReplicas);
      for (const r of k8sObjects) validateManifest(redactSecrets(r.inputs) as Record<string, unknown>);
    }

    // Logs, traces, GPU and node exporters: deployed where the stack switches them on, scraped, rendered for review.
    const jobs = ["jaeger", "node-exporter", ...(c.elasticsearch ? ["fluentd"] : []), ...(c.dcgm ? ["dcgm-exporter"] : [])];
    for (const job of jobs) assert.match(program.stack.files["prometheus/prometheus.yml"]!, new RegExp(`job_name: ${job}\n`), `${job} not scraped`);
    assert.match(program.stack.files["jaeger/config.yaml"]!, new RegExp(`${c.jaeger}:`));
    assert.equal(program.stack.files["logging/fluent.conf"] !== undefined, c.elasticsearch !== undefined);
    const exporterEnv = program.stack.files["exporter/exporter.env"]!;
    assert.match(exporterEnv, /^OTEL_EXPORTER_OTLP_ENDPOINT=http:\/\/jaeger:4318$/m, "the exporter sends its spans to Jaeger");
    if (c.platform === "kubernetes") {
      assert.equal((kindNamed(resources, "StatefulSet", "elasticsearch")?.inputs.spec as { replicas: number }).replicas, c.elasticsearch);
      assert.ok(kindNamed(resources, "DaemonSet", "fluentd"), "Fluentd DaemonSet");
      assert.ok(kindNamed(resources, "DaemonSet", "node-exporter"), "node exporter DaemonSet");
      assert.equal(kindNamed(resources, "DaemonSet", "dcgm-exporter") !== undefined, c.dcgm);
      assert.ok(kindNamed(resources, "Deployment", "jaeger"), "Jaeger Deployment");
      assert.equal(kindNamed(resources, "CronJob", "jaeger-index-cleaner") !== undefined, c.jaeger === "elasticsearch");
      assert.equal(ofType(resources, "kubernetes:batch/v1:Job").length, 1, "the retention Job");
    } else {
      const containers = ofType(resources, "docker:index/container:Container").map((r) => r.inputs.name);
      assert.ok(containers.includes("llmobs-jaeger") && containers.includes("llmobs-node-exporter"), String(containers));
      assert.ok(!containers.some((n) => String(n).includes("elasticsearch") || String(n).includes("fluentd")), "logging is off on local");
    }

    // The exporter is scraped, the generated rules are loaded, and the rules speak the catalog's vocabulary.
    const promYml = program.stack.files["prometheus/prometheus.yml"]!;
    assert.match(promYml, /job_name: llm-exporter/);
    const rules = Object.entries(program.stack.files).filter(([p]) => p.startsWith("prometheus/rules/"));
    assert.ok(rules.length >= 3, "rule files missing");
    assert.ok(rules.some(([, y]) => y.includes(LLM_METRICS.firstTokenLatencyMs.name)));

    // Secret values reach only Secrets (Kubernetes) or secret uploads/env (Docker), never plain inputs or files.
    for (const r of resources) {
      const plain = JSON.stringify(r.inputs, (_k, v) => (v && typeof v === "object" && "4dabf18193072939515e22adb298388d" in v ? "[secret]" : v));
      for (const s of secretValues) assert.ok(!plain.includes(s), `${r.type} ${r.name} holds a secret value in plain text`);
    }
    for (const [path, content] of Object.entries(program.stack.files)) {
      for (const s of secretValues) assert.ok(!content.includes(s), `${path} holds a secret value`);
    }
  });
}

test("two ObservabilityStacks in one program (as another Pulumi program would use them) do not collide", async () => {
  resetRecorded();
  const { ObservabilityStack } = require("../components") as typeof import("../components");
  const { loadStackConfig } = require("../config") as typeof import("../config");
  for (const team of ["team-a", "team-b"]) {
    // The README's library example: the same validation as a stack file, defaults fill the rest.
    const { config } = loadStackConfig({
      "llmobs:environment": "prod",
      "llmobs:namespace": team,
      "llmobs:exporter": JSON.stringify({ upstreams: [{ name: "vllm", url: "http://vllm.llm:8000", backend: "vllm" }] }),
    });
    new ObservabilityStack(team, { config, secrets: { elasticsearchPassword: "team-password" } });
  }
  await settle();
  const keys = recorded.map((r) => `${r.type}::${r.name}`);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  assert.equal(dup, undefined, `duplicate Pulumi resource ${dup}`);
  const namespaces = ofType([...recorded], "kubernetes:core/v1:Namespace").map((r) => (r.inputs.metadata as { name: string }).name).sort();
  assert.deepEqual(namespaces, ["team-a", "team-b"]);
});
