// A team's own Pulumi program (plain JavaScript, no build step) that installs llm-observability from its packed
// tarball and deploys the stack into a cluster of its choosing. `npm pack` in the repository root makes the tarball
// this package.json points at; `pulumi up` here then needs only the Kubernetes provider.
"use strict";
const pulumi = require("@pulumi/pulumi");
const k8s = require("@pulumi/kubernetes");
const { ObservabilityStack } = require("llm-observability/components");
const { loadStackConfig } = require("llm-observability/config");

const cfg = new pulumi.Config();
const provider = new k8s.Provider("gpu-cluster", { context: cfg.get("kubeContext") ?? "gpu-cluster" });

// The same validation as the committed stack files: name the llmobs:* keys to change, defaults fill in the rest.
const { config } = loadStackConfig({
  "llmobs:environment": "prod",
  "llmobs:namespace": "llm-monitoring",
  "llmobs:exporter": JSON.stringify({ upstreams: [{ name: "vllm", url: "http://vllm.llm:8000", backend: "vllm" }] }),
});

const stack = new ObservabilityStack("observability", { config, secrets: {} }, { providers: { kubernetes: provider } });

exports.prometheusUrl = stack.prometheus.url;
exports.alertmanagerUrl = stack.alertmanager.url;
exports.exporterUrl = stack.exporter ? stack.exporter.serviceUrl : null;
