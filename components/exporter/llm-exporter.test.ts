import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { installMocks, resetRecorded, resolve, settle, type RecordedResource } from "../../test/helpers/pulumi-mocks";
import { ENVIRONMENTS, loadStackConfig, type Environment, type StackConfig } from "../../config";
import { validateManifest } from "../../render/kubernetes-schema";
import { redactSecrets } from "../../render/redact";
import { IMAGES, imageTag } from "../images";
import { CONFIG_CHECKSUM_ANNOTATION, SCRAPE_JOB_LABEL, SCRAPE_LABEL } from "../kubernetes";
import {
  AUDIT_LOG_DIR, EXPORTER_UID, HEALTHCHECK_COMMAND, LlmExporter, exporterEnvironment, type LlmExporterArgs,
} from ".";

const recorded = installMocks();

const EXPECTED_REPLICAS: Record<Environment, number> = { local: 1, dev: 1, staging: 2, prod: 3 };
const TOKEN = "tok-8f3a1c";
const PASSWORD = "pw-51d2e9";

function stack(env: Environment, extra: Record<string, string> = {}): StackConfig {
  return loadStackConfig({ "llmobs:environment": env, ...extra }).config;
}

/** Builds the component under mocks and returns what it registered. */
async function build(config: StackConfig, args: Partial<LlmExporterArgs> = {}): Promise<{ exporter: LlmExporter; resources: RecordedResource[] }> {
  resetRecorded();
  const exporter = new LlmExporter("exporter", { config, network: config.platform === "docker" ? "llmobs" : undefined, ...args });
  await resolve(exporter.serviceUrl);
  await resolve(exporter.imageRef);
  await settle();
  return { exporter, resources: [...recorded] };
}

function only(resources: RecordedResource[], type: string): Record<string, any> {
  const found = resources.filter((r) => r.type === type);
  assert.equal(found.length, 1, `expected one ${type}, got ${found.length}`);
  return found[0]!.inputs as Record<string, any>;
}

function container(resources: RecordedResource[], name: string): Record<string, any> {
  const found = resources.filter((r) => r.type === "docker:index/container:Container" && r.inputs.name === name);
  assert.equal(found.length, 1, `expected one container ${name}, got ${found.length}`);
  return found[0]!.inputs as Record<string, any>;
}

const secrets = { exporterApiToken: TOKEN, exporterMetricsPassword: PASSWORD };
const authOn = {
  "llmobs:exporter": JSON.stringify({ proxyAuth: true, metricsAuth: true }),
  "llmobs:exporterApiToken": TOKEN,
  "llmobs:exporterMetricsPassword": PASSWORD,
};

for (const env of ENVIRONMENTS.filter((e) => e !== "local")) {
  describe(`LlmExporter on Kubernetes (${env})`, () => {
    it("runs the configured replicas, with a PodDisruptionBudget only when replicated", async () => {
      const { resources } = await build(stack(env));
      const deployment = only(resources, "kubernetes:apps/v1:Deployment");
      assert.equal(deployment.spec.replicas, EXPECTED_REPLICAS[env]);
      const pdbs = resources.filter((r) => r.type === "kubernetes:policy/v1:PodDisruptionBudget");
      assert.equal(pdbs.length, EXPECTED_REPLICAS[env] > 1 ? 1 : 0);
      assert.equal(resources.filter((r) => r.type.startsWith("docker:index/container")).length, 0);
    });

    it("declares only objects that validate against the Kubernetes schema", async () => {
      const { resources } = await build(stack(env, authOn), { secrets });
      const manifests = resources.filter((r) => r.type.startsWith("kubernetes:"));
      assert.deepEqual(
        manifests.map((r) => r.inputs.kind).sort(),
        ["ConfigMap", "Deployment", "Secret", "Service", "ServiceAccount", ...(EXPECTED_REPLICAS[env] > 1 ? ["PodDisruptionBudget"] : [])].sort(),
      );
      // Validated as rendered: secret values are marked objects under mocks, placeholders in the bundle.
      for (const m of manifests) validateManifest(redactSecrets(m.inputs) as Record<string, unknown>);
    });

    it("passes credentials only through Secret references, masked as Pulumi secrets", async () => {
      const { resources } = await build(stack(env, authOn), { secrets });
      const secret = only(resources, "kubernetes:core/v1:Secret");
      assert.match(JSON.stringify(secret.stringData), new RegExp(TOKEN));
      assert.match(JSON.stringify(secret.stringData), new RegExp(PASSWORD));
      for (const r of resources.filter((x) => x.type !== "kubernetes:core/v1:Secret")) {
        const text = JSON.stringify(r.inputs);
        assert.ok(!text.includes(TOKEN) && !text.includes(PASSWORD), `${r.type} ${r.name} holds a credential`);
      }
      const redacted = JSON.stringify(resources.map((r) => redactSecrets(r.inputs)));
      assert.ok(!redacted.includes(TOKEN) && !redacted.includes(PASSWORD), "a credential is stored without secret marking");
      const container = only(resources, "kubernetes:apps/v1:Deployment").spec.template.spec.containers[0];
      const refs = Object.fromEntries(container.env.map((v: any) => [v.name, v.valueFrom?.secretKeyRef]));
      assert.deepEqual(Object.keys(refs).sort(), ["LLMOBS_API_TOKEN", "LLMOBS_METRICS_PASSWORD", "LLMOBS_METRICS_USERNAME"]);
      // Auto-named (the mocks name them like the engine, `<logical name>-<suffix>`), so a change creates before it deletes.
      assert.equal(secret.metadata.name.startsWith("exporter-secret-"), true, secret.metadata.name);
      for (const [name, ref] of Object.entries(refs)) assert.deepEqual(ref, { name: secret.metadata.name, key: name });
      const configMap = only(resources, "kubernetes:core/v1:ConfigMap");
      assert.equal(configMap.metadata.name.startsWith("exporter-env-"), true, configMap.metadata.name);
      assert.deepEqual(container.envFrom, [{ configMapRef: { name: configMap.metadata.name } }]);
    });

    it("declares no Secret and no credential variable when auth is off", async () => {
      const { resources } = await build(stack(env), { secrets: { exporterApiToken: TOKEN } });
      assert.equal(resources.filter((r) => r.type === "kubernetes:core/v1:Secret").length, 0);
      const container = only(resources, "kubernetes:apps/v1:Deployment").spec.template.spec.containers[0];
      assert.equal(container.env, undefined);
      assert.ok(!JSON.stringify(resources).includes(TOKEN));
    });

    it("runs unprivileged on a read-only root filesystem with a writable audit volume", async () => {
      const { resources } = await build(stack(env));
      const pod = only(resources, "kubernetes:apps/v1:Deployment").spec.template.spec;
      assert.equal(pod.automountServiceAccountToken, false);
      assert.equal(only(resources, "kubernetes:core/v1:ServiceAccount").automountServiceAccountToken, false);
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.equal(pod.securityContext.runAsUser, EXPORTER_UID);
      assert.equal(pod.securityContext.seccompProfile.type, "RuntimeDefault");
      const c = pod.containers[0];
      assert.equal(c.securityContext.readOnlyRootFilesystem, true);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false);
      assert.deepEqual(c.securityContext.capabilities.drop, ["ALL"]);
      const mount = c.volumeMounts.find((m: any) => m.mountPath === AUDIT_LOG_DIR);
      assert.ok(mount, "audit directory is mounted");
      assert.deepEqual(pod.volumes.find((v: any) => v.name === mount.name).emptyDir, {});
    });

    it("probes /healthz and /readyz on the declared port, with config-derived resources", async () => {
      const config = stack(env);
      const { resources } = await build(config);
      const c = only(resources, "kubernetes:apps/v1:Deployment").spec.template.spec.containers[0];
      assert.deepEqual(c.ports, [{ name: "http", containerPort: config.exporter.port, protocol: "TCP" }]);
      assert.deepEqual(c.livenessProbe.httpGet, { path: "/healthz", port: "http" });
      assert.deepEqual(c.readinessProbe.httpGet, { path: "/readyz", port: "http" });
      assert.deepEqual(c.resources, config.exporter.resources);
    });

    it("labels the Service for Prometheus discovery and selects the pods", async () => {
      const { exporter, resources } = await build(stack(env));
      const service = only(resources, "kubernetes:core/v1:Service");
      const pod = only(resources, "kubernetes:apps/v1:Deployment").spec.template;
      assert.equal(service.metadata.labels[SCRAPE_LABEL], "true");
      assert.equal(service.metadata.labels[SCRAPE_JOB_LABEL], exporter.scrapeTarget.job);
      for (const [k, v] of Object.entries(service.spec.selector)) assert.equal(pod.metadata.labels[k], v);
      assert.deepEqual(service.spec.ports.map((p: any) => p.name), ["http"]);
      assert.deepEqual(exporter.scrapeTarget.endpoint, { host: "llm-exporter", port: 9464, portName: "http" });
      assert.equal(await resolve(exporter.serviceUrl), "http://llm-exporter.llmobs.svc.cluster.local:9464");
    });

    it("puts the non-secret environment in the ConfigMap and its checksum on the pod template", async () => {
      const config = stack(env);
      const { exporter, resources } = await build(config);
      assert.deepEqual(only(resources, "kubernetes:core/v1:ConfigMap").data, exporterEnvironment(config));
      assert.match(exporter.files["exporter/exporter.env"]!, new RegExp(`^LLMOBS_PORT=${config.exporter.port}$`, "m"));
      const annotation = (rs: RecordedResource[]) => only(rs, "kubernetes:apps/v1:Deployment").spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];
      const before = annotation(resources);
      const changed = await build(stack(env, { "llmobs:exporter": JSON.stringify({ maxModelIds: 50 }) }));
      assert.notEqual(annotation(changed.resources), before);
    });
  });
}

describe("LlmExporter image", () => {
  const deployedImage = (rs: RecordedResource[]) => only(rs, "kubernetes:apps/v1:Deployment").spec.template.spec.containers[0].image;
  const dockerResources = (rs: RecordedResource[]) => rs.filter((r) => r.type.startsWith("docker:") || r.type === "pulumi:providers:docker");

  for (const env of ["dev", "staging", "prod"] as const) {
    it(`${env}: runs the published image and declares nothing that needs the Docker provider`, async () => {
      const { resources, exporter } = await build(stack(env));
      assert.deepEqual(dockerResources(resources), []);
      assert.equal(deployedImage(resources), IMAGES.exporter);
      assert.equal(await resolve(exporter.imageRef), IMAGES.exporter);
      assert.equal(only(resources, "kubernetes:apps/v1:Deployment").metadata.labels["app.kubernetes.io/version"], imageTag(IMAGES.exporter));
    });
  }

  it("runs exporter.image.ref as is", async () => {
    const ref = `ghcr.io/acme/llmobs-exporter@sha256:${"b".repeat(64)}`;
    const { resources } = await build(stack("prod", { "llmobs:exporter": JSON.stringify({ image: { ref } }) }));
    assert.deepEqual(dockerResources(resources), []);
    assert.equal(deployedImage(resources), ref);
  });

  it("builds exporter/Dockerfile for linux/amd64 when exporter.image.build is set, and does not push without a registry", async () => {
    const { resources, exporter } = await build(stack("dev", { "llmobs:exporter": JSON.stringify({ image: { build: true } }) }));
    const image = only(resources, "docker:index/image:Image");
    assert.equal(image.skipPush, true);
    assert.equal(image.build.platform, "linux/amd64");
    assert.equal(image.build.dockerfile, "exporter/Dockerfile");
    assert.match(image.imageName, /^llmobs-exporter:[0-9.]+-[0-9a-f]{12}$/);
    assert.equal(await resolve(exporter.imageRef), image.imageName);
    assert.equal(deployedImage(resources), image.imageName);
  });

  it("pushes a build to the configured registry when push is set", async () => {
    const { resources } = await build(stack("prod", { "llmobs:exporter": JSON.stringify({ image: { build: true, registry: "ghcr.io/acme", push: true } }) }));
    const image = only(resources, "docker:index/image:Image");
    assert.equal(image.skipPush, false);
    assert.match(image.imageName, /^ghcr\.io\/acme\/llmobs-exporter:/);
  });

  it("keeps a build with a registry local while push is off", async () => {
    const { resources } = await build(stack("prod", { "llmobs:exporter": JSON.stringify({ image: { build: true, registry: "ghcr.io/acme", push: false } }) }));
    assert.equal(only(resources, "docker:index/image:Image").skipPush, true);
  });

  it("runs an image the program passes in, over the config", async () => {
    const { resources } = await build(stack("staging", { "llmobs:exporter": JSON.stringify({ image: { build: true } }) }), { image: "ghcr.io/acme/llmobs-exporter:1.2.3" });
    assert.deepEqual(dockerResources(resources), []);
    const deployment = only(resources, "kubernetes:apps/v1:Deployment");
    assert.equal(deployedImage(resources), "ghcr.io/acme/llmobs-exporter:1.2.3");
    assert.equal(deployment.metadata.labels["app.kubernetes.io/version"], "1.2.3");
  });
});

describe("LlmExporter on Docker (local)", () => {
  it("runs one container on the stack network, published on loopback, with audit volume and healthcheck", async () => {
    const config = stack("local");
    const { resources, exporter } = await build(config);
    assert.equal(resources.filter((r) => r.type.startsWith("kubernetes:")).length, 0);
    const c = container(resources, "llmobs-llm-exporter");
    assert.deepEqual(c.networksAdvanced, [{ name: "llmobs", aliases: ["llm-exporter"] }]);
    assert.deepEqual(c.ports, [{ internal: 9464, external: 9464, ip: "127.0.0.1" }]);
    assert.deepEqual(c.healthcheck.tests, ["CMD", ...HEALTHCHECK_COMMAND]);
    assert.deepEqual(c.volumes, [{ volumeName: "llmobs-llm-exporter-audit", containerPath: AUDIT_LOG_DIR }]);
    assert.equal(only(resources, "docker:index/volume:Volume").name, "llmobs-llm-exporter-audit");
    const env = Object.fromEntries((c.envs as string[]).map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
    assert.deepEqual(env, exporterEnvironment(config));
    assert.equal(only(resources, "docker:index/image:Image").skipPush, true);
    assert.equal(await resolve(exporter.serviceUrl), "http://llm-exporter:9464");
  });

  it("runs the simulator from the exporter image as the `simulator` upstream when exporter.simulator is on", async () => {
    const { resources } = await build(stack("local"));
    const sim = container(resources, "llmobs-simulator");
    assert.deepEqual(sim.networksAdvanced, [{ name: "llmobs", aliases: ["simulator"] }]);
    assert.deepEqual(sim.entrypoints, ["node", "exporter/dist/exporter/simulator/main.js"]);
    assert.deepEqual(sim.command.slice(0, 4), ["--host", "0.0.0.0", "--port", "8000"]);
    assert.equal(sim.image, container(resources, "llmobs-llm-exporter").image, "the simulator runs the exporter's image");
    const off = await build(stack("local", { "llmobs:exporter": JSON.stringify({ simulator: { enabled: false } }) }));
    assert.equal(off.resources.filter((r) => r.type === "docker:index/container:Container").length, 1);
  });

  it("hands credentials to the container only as secret values", async () => {
    const { resources } = await build(stack("local", authOn), { secrets });
    const envs = JSON.stringify(container(resources, "llmobs-llm-exporter").envs);
    assert.ok(envs.includes(`LLMOBS_API_TOKEN=${TOKEN}`));
    assert.ok(envs.includes(`LLMOBS_METRICS_PASSWORD=${PASSWORD}`));
    const redacted = JSON.stringify(resources.map((r) => redactSecrets(r.inputs)));
    assert.ok(!redacted.includes(TOKEN) && !redacted.includes(PASSWORD), "a credential is stored without secret marking");
  });

  it("refuses to run without a network, naming the argument", () => {
    assert.throws(() => new LlmExporter("nonet", { config: stack("local") }), /args\.network is required on the docker platform/);
  });
});

describe("LlmExporter bad input", () => {
  it("names the missing secret when auth is on", () => {
    assert.throws(
      () => new LlmExporter("nosecret", { config: stack("dev", authOn), secrets: { exporterMetricsPassword: PASSWORD } }),
      /secrets\.exporterApiToken is not set, but exporter\.proxyAuth = true requires it/,
    );
  });
});
