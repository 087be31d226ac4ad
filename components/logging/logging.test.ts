import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { installMocks, resetRecorded, settle, type RecordedResource } from "../../test/helpers/pulumi-mocks";
import { ConfigError, deepMerge, environmentDefaults, type Environment, type StackConfig } from "../../config";
import { validateManifest } from "../../render/kubernetes-schema";
import { redactSecrets } from "../../render/redact";
import { RETENTION_ANNOTATION } from "../kubernetes";
import { Logging } from ".";

const recorded = installMocks();
const PASSWORD = "es-pw-8c1d";
const KIBANA_PASSWORD = "kibana-pw-77ab";

async function build(config: StackConfig, secrets: Record<string, string> = { elasticsearchPassword: PASSWORD }): Promise<RecordedResource[]> {
  resetRecorded();
  new Logging("logging", { config, namespace: "llmobs", network: config.platform === "docker" ? "llmobs" : undefined, secrets });
  await settle();
  return [...recorded];
}

const of = (rs: RecordedResource[], kind: string) => rs.filter((r) => r.type.endsWith(`:${kind}`)).map((r) => r.inputs as Record<string, any>);
const named = (rs: RecordedResource[], kind: string, name: string) => of(rs, kind).find((o) => o.metadata?.name === name)!;
const envOf = (container: { env: { name: string; value?: string; valueFrom?: unknown }[] }) => Object.fromEntries(container.env.map((e) => [e.name, e.value ?? e.valueFrom]));
const withLogging = (env: Environment, logging: object) => deepMerge(environmentDefaults(env), { logging }) as StackConfig;

/** A password appears only in Secret objects (or secret container env), never in plain inputs. */
function assertContained(rs: RecordedResource[], values: string[]): void {
  for (const r of rs) {
    const plain = JSON.stringify(redactSecrets(r.inputs));
    for (const v of values) assert.ok(!plain.includes(v), `${r.type} ${r.name} holds a password as a plain value`);
    if (r.type !== "kubernetes:core/v1:Secret" && r.type !== "docker:index/container:Container") {
      for (const v of values) assert.ok(!JSON.stringify(r.inputs).includes(v), `${r.type} ${r.name} must not receive a password`);
    }
  }
}

for (const [env, nodes] of [["dev", 1], ["prod", 3]] as const) {
  describe(`Logging on Kubernetes (${env})`, () => {
    it(`Elasticsearch: ${nodes} node(s) with PVCs, heap from the memory limit, vm.max_map_count raised, security on`, async () => {
      const config = environmentDefaults(env);
      const rs = await build(config);
      for (const r of rs.filter((x) => x.type.startsWith("kubernetes:"))) validateManifest(redactSecrets(r.inputs) as Record<string, unknown>);
      const sts = named(rs, "StatefulSet", "elasticsearch");
      assert.equal(sts.spec.replicas, nodes);
      assert.equal(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage, `${config.logging.elasticsearch.storage.sizeGb}Gi`);
      const pod = sts.spec.template.spec;
      const es = envOf(pod.containers[0]);
      const limitMb = env === "prod" ? 8192 : 4096;
      assert.equal(es.ES_JAVA_OPTS, `-Xms${limitMb / 2}m -Xmx${limitMb / 2}m`);
      assert.equal(es["xpack.security.enabled"], "true");
      // The Secret is auto-named: the reference carries its name once the engine has named it.
      assert.equal((es.ELASTIC_PASSWORD as { secretKeyRef: { key: string } }).secretKeyRef.key, "elasticsearchPassword");
      assert.equal(of(rs, "Secret").length, 1);
      const sysctl = pod.initContainers.find((c: { name: string }) => c.name === "sysctl");
      assert.deepEqual(sysctl.command, ["sh", "-c", "sysctl -w vm.max_map_count=262144"]);
      assert.equal(sysctl.securityContext.privileged, true);
      if (nodes > 1) {
        assert.equal(es["cluster.initial_master_nodes"], "elasticsearch-0,elasticsearch-1,elasticsearch-2");
        assert.equal(es["xpack.security.transport.ssl.enabled"], "true");
        assert.ok(pod.initContainers.some((c: { name: string }) => c.name === "transport-cert"));
        assert.equal(named(rs, "PodDisruptionBudget", "elasticsearch").spec.maxUnavailable, 1);
      } else assert.equal(es["discovery.type"], "single-node");
      assertContained(rs, [PASSWORD]);
    });

    it("retention: the ILM policy and index template in a ConfigMap, applied by a Job that waits for the cluster", async () => {
      const config = environmentDefaults(env);
      const rs = await build(config);
      const cm = of(rs, "ConfigMap").find((c) => c.data?.["ilm-policy.json"])!;
      assert.match(cm.metadata.name, /^logging-elasticsearch-retention-[0-9a-f]{8}$/, "auto-named, so a change creates a new one first");
      assert.equal(cm.metadata.annotations[RETENTION_ANNOTATION], String(config.logging.elasticsearch.retentionDays));
      assert.equal(JSON.parse(cm.data["ilm-policy.json"]).policy.phases.delete.min_age, `${config.logging.elasticsearch.retentionDays}d`);
      const job = of(rs, "Job")[0]!;
      assert.match(job.metadata.name, /^logging-elasticsearch-retention-[0-9a-f]{8}$/, "auto-named: a retention change runs a new Job");
      const container = job.spec.template.spec.containers[0];
      assert.deepEqual(container.command, ["bash", "/etc/llmobs/retention/apply-retention.sh"]);
      assert.match(cm.data["apply-retention.sh"], /_cluster\/health\?wait_for_status=yellow/);
    });

    it("Fluentd: a DaemonSet on every node reading /var/log, with pod-metadata RBAC, its buffer on the node, scraped", async () => {
      const rs = await build(environmentDefaults(env));
      const ds = named(rs, "DaemonSet", "fluentd");
      const pod = ds.spec.template.spec;
      assert.deepEqual(pod.tolerations, [{ operator: "Exists" }]);
      const volumes = Object.fromEntries(pod.volumes.map((v: { name: string; hostPath?: { path: string } }) => [v.name, v.hostPath?.path]));
      assert.equal(volumes.varlog, "/var/log");
      assert.equal(volumes.state, "/var/log/llmobs-fluentd");
      assert.ok(pod.containers[0].volumeMounts.some((m: { mountPath: string; readOnly?: boolean }) => m.mountPath === "/var/log" && m.readOnly));
      assert.deepEqual(of(rs, "ClusterRole")[0]!.rules, [{ apiGroups: [""], resources: ["pods", "namespaces"], verbs: ["get", "list", "watch"] }]);
      assert.equal(of(rs, "ClusterRoleBinding")[0]!.subjects[0].name, "fluentd");
      assert.equal(named(rs, "Service", "fluentd").metadata.labels["llmobs.io/scrape-job"], "fluentd");
    });
  });
}

describe("Logging options", () => {
  it("without the sysctl init container Elasticsearch stays off mmap; no privileged container runs", async () => {
    const rs = await build(withLogging("dev", { elasticsearch: { setMaxMapCount: false } }));
    const pod = named(rs, "StatefulSet", "elasticsearch").spec.template.spec;
    assert.deepEqual(pod.initContainers, []);
    assert.equal(envOf(pod.containers[0])["node.store.allow_mmap"], "false");
  });

  it("Kibana on request, logging in as kibana_system with its own secret", async () => {
    const rs = await build(withLogging("dev", { kibana: true }), { elasticsearchPassword: PASSWORD, kibanaSystemPassword: KIBANA_PASSWORD });
    const kibana = named(rs, "Deployment", "kibana").spec.template.spec.containers[0];
    assert.equal(envOf(kibana).ELASTICSEARCH_USERNAME, "kibana_system");
    assert.equal(named(rs, "Service", "kibana").spec.ports[0].port, 5601);
    assert.ok(of(rs, "Job")[0]!.spec.template.spec.containers[0].env.some((e: { name: string }) => e.name === "KIBANA_SYSTEM_PASSWORD"));
    assertContained(rs, [PASSWORD, KIBANA_PASSWORD]);
  });

  it("a missing password is a config error naming the key", async () => {
    await assert.rejects(async () => build(environmentDefaults("prod"), {}), (e: ConfigError) => {
      assert.match(e.message, /llmobs:elasticsearchPassword = \(unset\)/);
      return true;
    });
    await assert.rejects(async () => build(withLogging("dev", { kibana: true })), /llmobs:kibanaSystemPassword = \(unset\)/);
  });

  it("Docker (local): Elasticsearch, Fluentd on the engine's logs, a run-once retention container; passwords only as secret env", async () => {
    const rs = await build(withLogging("local", { enabled: true }));
    const containers = of(rs, "Container");
    const byName = Object.fromEntries(containers.map((c) => [c.name, c]));
    assert.deepEqual(Object.keys(byName).sort(), ["llmobs-elasticsearch", "llmobs-elasticsearch-retention", "llmobs-fluentd"]);
    // One secret entry makes Pulumi mask the whole env list; unwrap it to look inside.
    const envs = byName["llmobs-elasticsearch"].envs;
    assert.ok((envs.value ?? envs).includes("discovery.type=single-node"));
    assert.deepEqual(byName["llmobs-fluentd"].volumes.find((v: { hostPath?: string }) => v.hostPath), { hostPath: "/var/lib/docker/containers", containerPath: "/var/lib/docker/containers", readOnly: true });
    assert.equal(byName["llmobs-elasticsearch-retention"].restart, "on-failure");
    assert.equal(byName["llmobs-elasticsearch-retention"].mustRun, false);
    assert.ok(byName["llmobs-fluentd"].uploads.some((u: { file: string; content: string }) => u.file === "/fluentd/etc/fluent.conf" && u.content.includes("*-json.log")));
    assertContained(rs, [PASSWORD]);
  });
});
