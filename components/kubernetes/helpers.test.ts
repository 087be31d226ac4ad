import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Pod } from "kubernetes-models/v1/Pod";
import { loadStackConfig } from "../../config";
import {
  CONFIGMAP_MAX_BYTES, configChecksum, configMapSizeProblem, containerResources, containerSecurityContext, dataVolume, httpProbe, podSecurityContext, scrapeLabels,
  selectorLabels, serviceLabelMeta, standardLabels,
} from ".";

const prod = loadStackConfig({ "llmobs:environment": "prod" }).config;

describe("kubernetes helpers", () => {
  it("builds a pod spec that the Kubernetes schema accepts", () => {
    const pod = new Pod({
      metadata: { name: "x", labels: standardLabels({ name: "x", component: "test", version: "v1.2.3+build" }) },
      spec: {
        securityContext: podSecurityContext() as never,
        containers: [{
          name: "x", image: "busybox:1.36", resources: containerResources(prod.prometheus.resources) as never,
          securityContext: containerSecurityContext() as never, readinessProbe: httpProbe("/ready", "web") as never,
        }],
        volumes: dataVolume({ enabled: false, sizeGb: 1 }, {}).volumes as never,
      },
    });
    pod.validate();
  });

  it("keeps selectors to labels that never change between releases", () => {
    const full = standardLabels({ name: "prometheus", component: "monitoring", version: "v2.55.1" });
    assert.equal(full["app.kubernetes.io/version"], "v2.55.1");
    assert.deepEqual(selectorLabels({ name: "prometheus" }), { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/part-of": "llm-observability" });
    for (const [k, v] of Object.entries(selectorLabels({ name: "prometheus" }))) assert.equal(full[k], v);
  });

  it("trims a version into a valid label value", () => {
    const v = standardLabels({ name: "x", component: "y", version: `-${"a".repeat(70)}+meta` })["app.kubernetes.io/version"]!;
    assert.match(v, /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/);
  });

  it("runs non-root, read-only, without privilege escalation or capabilities", () => {
    assert.equal(podSecurityContext().runAsNonRoot, true);
    assert.deepEqual(containerSecurityContext(), {
      runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false,
      capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("hashes files independent of key order, and differently when content changes", () => {
    assert.equal(configChecksum({ a: "1", b: "2" }), configChecksum({ b: "2", a: "1" }));
    assert.notEqual(configChecksum({ a: "1", b: "2" }), configChecksum({ a: "1", b: "3" }));
    assert.notEqual(configChecksum({ ab: "" }), configChecksum({ a: "b" }));
  });

  it("backs data with a claim per replica only when storage is enabled", () => {
    const on = dataVolume({ enabled: true, sizeGb: 64, storageClass: "fast" }, { app: "x" });
    assert.deepEqual(on.volumes, []);
    const claim = on.claimTemplates[0] as { spec: { resources: { requests: { storage: string } }; storageClassName?: string } };
    assert.equal(claim.spec.resources.requests.storage, "64Gi");
    assert.equal(claim.spec.storageClassName, "fast");
    assert.deepEqual(dataVolume({ enabled: false, sizeGb: 1 }, {}), { volumes: [{ name: "data", emptyDir: {} }], claimTemplates: [] });
  });

  it("labels Services for scraping under the meta label names Prometheus derives", () => {
    assert.deepEqual(scrapeLabels("llm-exporter"), { "llmobs.io/scrape": "true", "llmobs.io/scrape-job": "llm-exporter" });
    assert.equal(serviceLabelMeta("llmobs.io/scrape-job"), "__meta_kubernetes_service_label_llmobs_io_scrape_job");
  });

  it("accepts ConfigMap data up to 1 MiB, counting keys and multi-byte characters", () => {
    assert.equal(configMapSizeProblem("cm", { k: "x".repeat(CONFIGMAP_MAX_BYTES - 1) }), undefined);
    assert.match(configMapSizeProblem("cm", { k: "x".repeat(CONFIGMAP_MAX_BYTES) }) ?? "", /^ConfigMap cm: 1048577 bytes of data: expected at most 1048576/);
    assert.ok(configMapSizeProblem("cm", { k: "é".repeat(CONFIGMAP_MAX_BYTES / 2) }));
  });
});
