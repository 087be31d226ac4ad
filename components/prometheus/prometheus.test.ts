import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { installMocks, resetRecorded, resolve, settle, type RecordedResource } from "../../test/helpers/pulumi-mocks";
import { ConfigError, ENVIRONMENTS, loadStackConfig, type Environment, type StackConfig } from "../../config";
import { validateManifest } from "../../render/kubernetes-schema";
import { redactSecrets } from "../../render/redact";
import { isPinnedImage } from "../images";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum } from "../kubernetes";
import { Prometheus, type PrometheusArgs } from ".";

const recorded = installMocks();

const SECRETS = { remoteWritePassword: "rw-secret-31f0", targetBasicAuthPassword: "target-secret-c7a2" };
const RULES = { "llm.yml": "groups: []\n" };
const withCredentials = {
  "llmobs:prometheus": JSON.stringify({
    remoteWrite: [{ name: "longterm", url: "https://mimir.example.com/api/v1/push", basicAuthUsername: "tenant" }],
    targetAuth: { basicAuthUsername: "scraper" },
    llmBackends: [{ name: "vllm", backend: "vllm", targets: ["vllm.llm:8000"] }],
  }),
  ...Object.fromEntries(Object.entries(SECRETS).map(([k, v]) => [`llmobs:${k}`, v])),
};
const EXPECTED: Record<Environment, { replicas: number; pvcGi?: number }> = {
  local: { replicas: 1 }, dev: { replicas: 1, pvcGi: 32 }, staging: { replicas: 1, pvcGi: 64 }, prod: { replicas: 2, pvcGi: 200 },
};

function stack(env: Environment, extra: Record<string, string> = {}): StackConfig {
  return loadStackConfig({ "llmobs:environment": env, ...extra }).config;
}

async function build(config: StackConfig, args: Partial<PrometheusArgs> = {}): Promise<{ prometheus: Prometheus; resources: RecordedResource[] }> {
  resetRecorded();
  const prometheus = new Prometheus("prometheus", {
    config, namespace: "llmobs", network: config.platform === "docker" ? "llmobs" : undefined, ruleFiles: RULES, ...args,
  });
  await resolve(prometheus.url);
  await settle();
  return { prometheus, resources: [...recorded] };
}

const ofType = (rs: RecordedResource[], type: string) => rs.filter((r) => r.type === type).map((r) => r.inputs as Record<string, any>);
const kinds = (rs: RecordedResource[]) => rs.filter((r) => r.type.startsWith("kubernetes:")).map((r) => String(r.inputs.kind)).sort();

/** Secret values appear in no resource once secrets are redacted, and unredacted only where `allowed` says. */
function assertSecretsContained(rs: RecordedResource[], values: string[], allowed: (r: RecordedResource) => boolean): void {
  for (const r of rs) {
    const redacted = JSON.stringify(redactSecrets(r.inputs));
    const raw = JSON.stringify(r.inputs);
    for (const v of values) {
      assert.ok(!redacted.includes(v), `${r.type} ${r.name} holds ${v} as a plain value`);
      if (!allowed(r)) assert.ok(!raw.includes(v), `${r.type} ${r.name} must not receive ${v}`);
    }
  }
}

for (const env of ENVIRONMENTS.filter((e) => e !== "local")) {
  describe(`Prometheus on Kubernetes (${env})`, () => {
    const expected = EXPECTED[env];
    const config = stack(env);
    let base: Awaited<ReturnType<typeof build>>;
    before(async () => { base = await build(config); });

    it("declares the workload, discovery RBAC, config and Services, each a valid Kubernetes object", async () => {
      const { resources } = base;
      assert.deepEqual(kinds(resources), [
        "ConfigMap", "ConfigMap", ...(expected.replicas > 1 ? ["PodDisruptionBudget"] : []), "Role", "RoleBinding", "Service", "Service",
        "ServiceAccount", "StatefulSet",
      ]);
      for (const r of resources.filter((r) => r.type.startsWith("kubernetes:"))) validateManifest(r.inputs);
      for (const r of resources.filter((r) => r.type.startsWith("kubernetes:"))) assert.equal((r.inputs.metadata as any).namespace, "llmobs");
      assert.equal(resources.filter((r) => r.type.startsWith("docker:")).length, 0);
    });

    it("runs the configured replicas with retention flags, probes and a PVC template when storage is on", () => {
      const [sts] = ofType(base.resources, "kubernetes:apps/v1:StatefulSet");
      assert.equal(sts!.spec.replicas, expected.replicas);
      assert.equal(sts!.spec.serviceName, "prometheus-headless");
      const c = sts!.spec.template.spec.containers[0];
      assert.ok(c.args.includes(`--storage.tsdb.retention.time=${config.prometheus.retentionTime}`));
      assert.ok(c.args.includes(`--storage.tsdb.retention.size=${config.prometheus.retentionSizeGb}GB`));
      assert.ok(c.args.includes("--web.enable-lifecycle"));
      assert.equal(c.readinessProbe.httpGet.path, "/-/ready");
      assert.equal(c.livenessProbe.httpGet.path, "/-/healthy");
      assert.deepEqual(c.env, [{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }]);
      assert.deepEqual(sts!.spec.volumeClaimTemplates.map((t: any) => t.spec.resources.requests.storage), [`${expected.pvcGi}Gi`]);
      assert.ok(!sts!.spec.template.spec.volumes.some((v: any) => v.name === "data"), "data comes from the claim, not an emptyDir");
    });

    it("uses an emptyDir when storage is off", async () => {
      const config = stack(env, { "llmobs:prometheus": JSON.stringify({ storage: { enabled: false, sizeGb: 1 } }) });
      const [sts] = ofType((await build(config)).resources, "kubernetes:apps/v1:StatefulSet");
      assert.deepEqual(sts!.spec.volumeClaimTemplates, []);
      assert.deepEqual(sts!.spec.template.spec.volumes.find((v: any) => v.name === "data"), { name: "data", emptyDir: {} });
    });

    it("runs non-root with a read-only root filesystem, resources and a pinned image", () => {
      const [sts] = ofType(base.resources, "kubernetes:apps/v1:StatefulSet");
      const pod = sts!.spec.template.spec;
      assert.equal(pod.securityContext.runAsNonRoot, true);
      for (const c of pod.containers) {
        assert.ok(isPinnedImage(c.image), c.image);
        assert.deepEqual(c.resources, config.prometheus.resources);
        assert.equal(c.securityContext.readOnlyRootFilesystem, true);
        assert.equal(c.securityContext.allowPrivilegeEscalation, false);
      }
    });

    it("discovers targets with least privilege: a namespaced read-only Role", () => {
      const { resources } = base;
      assert.equal(resources.filter((r) => r.type.includes("ClusterRole")).length, 0);
      const [role] = ofType(resources, "kubernetes:rbac.authorization.k8s.io/v1:Role");
      assert.deepEqual(role!.rules, [
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
        { apiGroups: [""], resources: ["pods", "services"], verbs: ["get", "list", "watch"] },
      ]);
    });

    it("rolls the pods when the rendered config changes", async () => {
      const first = base;
      const [sts] = ofType(first.resources, "kubernetes:apps/v1:StatefulSet");
      const sum = sts!.spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];
      assert.equal(sum, configChecksum({ "prometheus.yml": first.prometheus.files["prometheus/prometheus.yml"]!, ...RULES }));
      const other = await build(stack(env, { "llmobs:prometheus": JSON.stringify({ scrapeInterval: "30s", evaluationInterval: "30s" }) }));
      const [changed] = ofType(other.resources, "kubernetes:apps/v1:StatefulSet");
      assert.notEqual(changed!.spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION], sum);
    });

    it("puts credentials only into a Secret mounted as files, never into a ConfigMap", async () => {
      const { prometheus, resources } = await build(stack(env, withCredentials), { secrets: SECRETS });
      assertSecretsContained(resources, Object.values(SECRETS), (r) => r.inputs.kind === "Secret");
      const [secret] = ofType(resources, "kubernetes:core/v1:Secret");
      assert.deepEqual(Object.keys(redactSecrets(secret!.stringData) as object).sort(), ["remoteWritePassword", "targetBasicAuthPassword"]);
      for (const r of resources.filter((r) => r.type.startsWith("kubernetes:"))) validateManifest(redactSecrets(r.inputs) as Record<string, unknown>);
      const [sts] = ofType(resources, "kubernetes:apps/v1:StatefulSet");
      assert.ok(sts!.spec.template.spec.containers[0].volumeMounts.some((m: any) => m.mountPath === "/etc/prometheus/secrets" && m.readOnly));
      for (const text of Object.values(prometheus.files)) for (const v of Object.values(SECRETS)) assert.ok(!text.includes(v));
    });

    it("exposes the rendered files and the in-cluster URL", async () => {
      const { prometheus, resources } = base;
      assert.deepEqual(Object.keys(prometheus.files).sort(), ["prometheus/prometheus.yml", "prometheus/rules/llm.yml"]);
      const configMaps = ofType(resources, "kubernetes:core/v1:ConfigMap");
      assert.ok(configMaps.some((cm) => cm.data["prometheus.yml"] === prometheus.files["prometheus/prometheus.yml"]));
      assert.ok(configMaps.some((cm) => cm.data["llm.yml"] === RULES["llm.yml"]));
      assert.equal(await resolve(prometheus.url), "http://prometheus.llmobs.svc:9090");
    });
  });
}

describe("Prometheus on Docker (local)", () => {
  it("runs one container on the stack network with its data on a named volume, and no Kubernetes objects", async () => {
    const config = stack("local");
    const { prometheus, resources } = await build(config);
    assert.equal(resources.filter((r) => r.type.startsWith("kubernetes:")).length, 0);
    const [container] = ofType(resources, "docker:index/container:Container");
    const [volume] = ofType(resources, "docker:index/volume:Volume");
    assert.equal(volume!.name, "llmobs-prometheus-data");
    assert.deepEqual(container!.volumes, [{ volumeName: "llmobs-prometheus-data", containerPath: "/prometheus" }]);
    assert.deepEqual(container!.networksAdvanced, [{ name: "llmobs", aliases: ["prometheus"] }]);
    assert.deepEqual(container!.ports, [{ internal: 9090, external: 9090, ip: "127.0.0.1" }]);
    assert.ok(isPinnedImage(container!.image));
    assert.equal(container!.memory, 4096);
    const config_ = container!.uploads.find((u: any) => u.file === "/etc/prometheus/prometheus.yml");
    assert.equal(config_.content, prometheus.files["prometheus/prometheus.yml"]);
    assert.ok(container!.uploads.some((u: any) => u.file === "/etc/prometheus/rules/llm.yml"));
    assert.equal(await resolve(prometheus.url), "http://prometheus:9090");
  });

  it("uploads credentials as secret files only", async () => {
    const { resources } = await build(stack("local", withCredentials), { secrets: SECRETS });
    assertSecretsContained(resources, Object.values(SECRETS), (r) => r.type === "docker:index/container:Container");
  });

  it("needs the network name", async () => {
    assert.throws(() => new Prometheus("p", { config: stack("local") }), (e: unknown) => e instanceof ConfigError && /network/.test(e.message));
  });
});

describe("Prometheus: rules too big for a ConfigMap", () => {
  it("fails before creating any Kubernetes object, naming the ConfigMap and the limit", async () => {
    resetRecorded();
    const huge = { "huge.yml": `# ${"x".repeat(1024 * 1024)}\ngroups: []\n` };
    assert.throws(() => new Prometheus("big", { config: stack("dev"), ruleFiles: huge }), (e: unknown) =>
      e instanceof ConfigError && /ConfigMap prometheus-rules: \d+ bytes of data: expected at most 1048576 \(1 MiB\)/.test(e.message));
    await settle();
    assert.deepEqual(recorded.filter((r) => r.type.startsWith("kubernetes:")), []);
  });
});

describe("Prometheus: missing secrets", () => {
  it("names every secret the config references but the caller did not pass", () => {
    assert.throws(
      () => new Prometheus("p", { config: stack("prod", withCredentials), secrets: { remoteWritePassword: "x" } }),
      (e: unknown) => e instanceof ConfigError && /llmobs:targetBasicAuthPassword = \(unset\)/.test(e.message) && !/remoteWritePassword/.test(e.message),
    );
  });
});
