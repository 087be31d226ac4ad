import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { installMocks, resetRecorded, settle } from "../../test/helpers/pulumi-mocks";
import { deepMerge, environmentDefaults, type StackConfig } from "../../config";
import { validateManifest } from "../../render/kubernetes-schema";
import { NodeExporter } from "../node-exporter";
import { DcgmExporter, POD_RESOURCES_DIR } from ".";

const recorded = installMocks();

describe("DCGM exporter", () => {
  it("a DaemonSet on the configured GPU nodes, port 9400, pod-resources mounted, scraped as job dcgm-exporter", async () => {
    const config = deepMerge(environmentDefaults("prod"), {
      gpu: { nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-l4" }, tolerations: [{ key: "gpu", operator: "Equal", value: "l4", effect: "NoSchedule" }], runtimeClassName: "nvidia" },
    }) as StackConfig;
    resetRecorded();
    const dcgm = new DcgmExporter("dcgm", { config, namespace: "llmobs" });
    await settle();
    const k8s = recorded.filter((r) => r.type.startsWith("kubernetes:"));
    for (const r of k8s) validateManifest(r.inputs);
    const ds = k8s.find((r) => r.inputs.kind === "DaemonSet")!.inputs as any;
    const pod = ds.spec.template.spec;
    // The stack file adds a selector to the default one (maps merge).
    assert.deepEqual(pod.nodeSelector, { "nvidia.com/gpu.present": "true", "cloud.google.com/gke-accelerator": "nvidia-l4" });
    assert.deepEqual(pod.tolerations, [{ key: "gpu", operator: "Equal", value: "l4", effect: "NoSchedule" }]);
    assert.equal(pod.runtimeClassName, "nvidia");
    const c = pod.containers[0];
    assert.deepEqual(c.ports, [{ name: "metrics", containerPort: 9400 }]);
    assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"], add: ["SYS_ADMIN"] });
    assert.deepEqual(c.volumeMounts, [{ name: "pod-resources", mountPath: POD_RESOURCES_DIR, readOnly: true }]);
    const svc = k8s.find((r) => r.inputs.kind === "Service")!.inputs as any;
    assert.equal(svc.metadata.labels["llmobs.io/scrape-job"], "dcgm-exporter");
    assert.deepEqual(dcgm.scrapeTarget.endpoint, { host: "dcgm-exporter", port: 9400, portName: "metrics" });
  });
});

describe("node exporter", () => {
  it("Kubernetes: a DaemonSet on every node in the host's network and PID namespaces, reading the host read-only", async () => {
    resetRecorded();
    new NodeExporter("node", { config: environmentDefaults("dev"), namespace: "llmobs" });
    await settle();
    const k8s = recorded.filter((r) => r.type.startsWith("kubernetes:"));
    for (const r of k8s) validateManifest(r.inputs);
    const pod = (k8s.find((r) => r.inputs.kind === "DaemonSet")!.inputs as any).spec.template.spec;
    assert.equal(pod.hostNetwork, true);
    assert.equal(pod.hostPID, true);
    assert.deepEqual(pod.tolerations, [{ operator: "Exists" }]);
    assert.ok(pod.containers[0].volumeMounts.every((m: { readOnly: boolean }) => m.readOnly));
    assert.ok(pod.containers[0].args.includes("--path.rootfs=/host/root"));
  });

  it("Docker: one container with the host's /, /proc and /sys bound read-only", async () => {
    resetRecorded();
    new NodeExporter("node", { config: environmentDefaults("local"), network: "llmobs" });
    await settle();
    const container = recorded.find((r) => r.type === "docker:index/container:Container")!.inputs as any;
    assert.equal(container.name, "llmobs-node-exporter");
    assert.deepEqual(container.volumes.map((v: { hostPath: string; readOnly: boolean }) => [v.hostPath, v.readOnly]), [["/", true], ["/proc", true], ["/sys", true]]);
  });
});
