import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { installMocks, resetRecorded, resolve, settle, type RecordedResource } from "../../test/helpers/pulumi-mocks";
import { ConfigError, ENVIRONMENTS, loadStackConfig, type Environment, type StackConfig } from "../../config";
import { validateManifest } from "../../render/kubernetes-schema";
import { redactSecrets } from "../../render/redact";
import { isPinnedImage } from "../images";
import { Alertmanager, type AlertmanagerArgs } from ".";

const recorded = installMocks();

const SECRETS = {
  slackWebhookUrl: "https://hooks.slack.example/T0/B0/slack-7d21",
  pagerdutyServiceKey: "pd-key-19ce",
  smtpPassword: "smtp-pass-e840",
  webhookUrl: "https://alerts.example.com/hook?token=hook-52ab",
};
const allReceivers = {
  "llmobs:alertmanager": JSON.stringify({
    receivers: {
      slack: { channel: "#llm-alerts" }, pagerduty: { enabled: true }, webhook: { sendResolved: true },
      email: { to: "oncall@example.com", from: "alerts@example.com", smarthost: "smtp.example.com:587", authUsername: "alerts" },
    },
  }),
  ...Object.fromEntries(Object.entries(SECRETS).map(([k, v]) => [`llmobs:${k}`, v])),
};
const REPLICAS: Record<Environment, number> = { local: 1, dev: 1, staging: 1, prod: 3 };

function stack(env: Environment, extra: Record<string, string> = {}): StackConfig {
  return loadStackConfig({ "llmobs:environment": env, ...extra }).config;
}

async function build(config: StackConfig, args: Partial<AlertmanagerArgs> = {}) {
  resetRecorded();
  const alertmanager = new Alertmanager("alertmanager", {
    config, namespace: "llmobs", network: config.platform === "docker" ? "llmobs" : undefined, ...args,
  });
  await resolve(alertmanager.url);
  await settle();
  return { alertmanager, resources: [...recorded] };
}

const ofType = (rs: RecordedResource[], type: string) => rs.filter((r) => r.type === type).map((r) => r.inputs as Record<string, any>);

/** Secret values appear in no resource once secrets are redacted, and unredacted only where `allowed` says. */
function assertSecretsContained(rs: RecordedResource[], allowed: (r: RecordedResource) => boolean): void {
  for (const r of rs) {
    const redacted = JSON.stringify(redactSecrets(r.inputs));
    const raw = JSON.stringify(r.inputs);
    for (const v of Object.values(SECRETS)) {
      assert.ok(!redacted.includes(v), `${r.type} ${r.name} holds ${v} as a plain value`);
      if (!allowed(r)) assert.ok(!raw.includes(v), `${r.type} ${r.name} must not receive ${v}`);
    }
  }
}

for (const env of ENVIRONMENTS.filter((e) => e !== "local")) {
  describe(`Alertmanager on Kubernetes (${env})`, () => {
    const replicas = REPLICAS[env];
    let base: Awaited<ReturnType<typeof build>>;
    let full: Awaited<ReturnType<typeof build>>;
    before(async () => {
      base = await build(stack(env));
      full = await build(stack(env, allReceivers), { secrets: SECRETS });
    });

    it("declares a Secret, a StatefulSet, two Services and a PDB when clustered, all valid objects", () => {
      for (const { resources } of [base, full]) {
        const kinds = resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => String(r.inputs.kind)).sort();
        assert.deepEqual(kinds, [...(replicas > 1 ? ["PodDisruptionBudget"] : []), "Secret", "Service", "Service", "StatefulSet"]);
        for (const r of resources.filter((r) => r.type.startsWith("kubernetes:"))) validateManifest(redactSecrets(r.inputs) as Record<string, unknown>);
        assert.equal(resources.filter((r) => r.type.startsWith("docker:")).length, 0);
      }
    });

    it("clusters the replicas: every pod lists every replica as a gossip peer", () => {
      const [sts] = ofType(base.resources, "kubernetes:apps/v1:StatefulSet");
      assert.equal(sts!.spec.replicas, replicas);
      const args: string[] = sts!.spec.template.spec.containers[0].args;
      const peers = args.filter((a) => a.startsWith("--cluster.peer="));
      if (replicas > 1) {
        assert.deepEqual(peers, Array.from({ length: replicas }, (_, i) => `--cluster.peer=alertmanager-${i}.alertmanager-headless.llmobs.svc:9094`));
        assert.ok(args.includes("--cluster.listen-address=0.0.0.0:9094"));
      } else {
        assert.deepEqual(peers, []);
        assert.ok(args.includes("--cluster.listen-address="), "a single instance does not gossip");
      }
      const [headless] = ofType(base.resources, "kubernetes:core/v1:Service").filter((s) => s.spec.clusterIP === "None");
      assert.equal(headless!.metadata.name, "alertmanager-headless");
      assert.equal(sts!.spec.serviceName, "alertmanager-headless");
    });

    it("runs non-root with a read-only root filesystem, probes, resources and a pinned image", () => {
      const [sts] = ofType(base.resources, "kubernetes:apps/v1:StatefulSet");
      const pod = sts!.spec.template.spec;
      assert.equal(pod.securityContext.runAsNonRoot, true);
      for (const c of pod.containers) {
        assert.ok(isPinnedImage(c.image), c.image);
        assert.deepEqual(c.resources, stack(env).alertmanager.resources);
        assert.equal(c.securityContext.readOnlyRootFilesystem, true);
        assert.equal(c.readinessProbe.httpGet.path, "/-/ready");
        assert.equal(c.livenessProbe.httpGet.path, "/-/healthy");
      }
    });

    it("keeps config and credentials in a Secret only, never a ConfigMap or a plain value", () => {
      assertSecretsContained(full.resources, (r) => r.inputs.kind === "Secret");
      assert.equal(ofType(full.resources, "kubernetes:core/v1:ConfigMap").length, 0);
      const [secret] = ofType(full.resources, "kubernetes:core/v1:Secret");
      assert.deepEqual(Object.keys(redactSecrets(secret!.stringData) as object).sort(), ["alertmanager.yml", "pagerdutyServiceKey", "slackWebhookUrl", "smtpPassword"]);
      const [sts] = ofType(full.resources, "kubernetes:apps/v1:StatefulSet");
      const items = sts!.spec.template.spec.volumes.find((v: any) => v.name === "config").secret.items.map((i: any) => i.path).sort();
      assert.deepEqual(items, ["alertmanager.yml", "secrets/pagerdutyServiceKey", "secrets/slackWebhookUrl", "secrets/smtpPassword"]);
    });

    it("deploys the webhook URL inside the Secret's config, and only a placeholder in the bundle file", async () => {
      const [secret] = ofType(full.resources, "kubernetes:core/v1:Secret");
      assert.ok(JSON.stringify(secret!.stringData).includes(SECRETS.webhookUrl));
      for (const text of Object.values(full.alertmanager.files)) for (const v of Object.values(SECRETS)) assert.ok(!text.includes(v));
    });

    it("exposes the rendered file and the in-cluster URL", async () => {
      assert.deepEqual(Object.keys(base.alertmanager.files), ["alertmanager/alertmanager.yml"]);
      assert.equal(await resolve(base.alertmanager.url), "http://alertmanager.llmobs.svc:9093");
    });
  });
}

describe("Alertmanager on Docker (local)", () => {
  it("runs one container on the stack network, gossip off, and no Kubernetes objects", async () => {
    const { alertmanager, resources } = await build(stack("local"));
    assert.equal(resources.filter((r) => r.type.startsWith("kubernetes:")).length, 0);
    const [container] = ofType(resources, "docker:index/container:Container");
    assert.ok(isPinnedImage(container!.image));
    assert.ok(container!.command.includes("--cluster.listen-address="));
    assert.deepEqual(container!.networksAdvanced, [{ name: "llmobs", aliases: ["alertmanager"] }]);
    assert.deepEqual(container!.ports, [{ internal: 9093, external: 9093, ip: "127.0.0.1" }]);
    assert.equal(container!.memory, 512);
    // local keeps no alert state across restarts (alertmanager.storage.enabled is false there).
    assert.equal(ofType(resources, "docker:index/volume:Volume").length, 0);
    assert.equal(await resolve(alertmanager.url), "http://alertmanager:9093");
  });

  it("uploads config and credentials as secret files only", async () => {
    const { resources } = await build(stack("local", allReceivers), { secrets: SECRETS });
    assertSecretsContained(resources, (r) => r.type === "docker:index/container:Container");
    const [container] = ofType(resources, "docker:index/container:Container");
    // The uploads hold secrets, so the engine receives the list as one secret value: unwrap it to read the paths.
    const files = (container!.uploads.value as { file: string }[]).map((u) => u.file).sort();
    assert.deepEqual(files, [
      "/etc/alertmanager/alertmanager.yml", "/etc/alertmanager/secrets/pagerdutyServiceKey", "/etc/alertmanager/secrets/slackWebhookUrl",
      "/etc/alertmanager/secrets/smtpPassword",
    ]);
  });
});

describe("Alertmanager: missing secrets", () => {
  it("names each secret an enabled receiver needs", () => {
    assert.throws(
      () => new Alertmanager("a", { config: stack("prod", allReceivers), secrets: { slackWebhookUrl: "x" } }),
      (e: unknown) => e instanceof ConfigError && /llmobs:pagerdutyServiceKey = \(unset\)/.test(e.message) && /llmobs:smtpPassword/.test(e.message),
    );
  });
});
