// Synthetic resources for policy tests, shaped as the engine hands them to a policy (resolved inputs).
import type { Policies } from "@pulumi/policy";
import { evaluate, resolvePolicies, type PolicyConfigFile, type RecordedResource, type Violation } from "../../policies/local-engine";

type Obj = Record<string, any>;

export function container(over: Obj = {}): Obj {
  return {
    name: "main",
    image: "example/app:1.2.3",
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } },
    ...over,
  };
}

export function workload(kind: "StatefulSet" | "Deployment" | "DaemonSet", name: string, containers: Obj[], extra: { spec?: Obj; pod?: Obj } = {}): RecordedResource {
  return {
    type: `kubernetes:apps/v1:${kind}`,
    name: `llmobs-${name}`,
    inputs: {
      apiVersion: "apps/v1", kind, metadata: { name, labels: { "app.kubernetes.io/name": name } },
      spec: { replicas: 1, ...extra.spec, template: { spec: { containers, ...extra.pod } } },
    },
  };
}

export function configMap(name: string, data: Record<string, string>): RecordedResource {
  return { type: "kubernetes:core/v1:ConfigMap", name: `llmobs-${name}`, inputs: { apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data } };
}

export function dockerContainer(name: string, over: Obj = {}): RecordedResource {
  return { type: "docker:index/container:Container", name: `llmobs-${name}`, inputs: { name: `llmobs-${name}`, image: "example/app:1.2.3", cpus: "1", memory: 512, memoryReservation: 128, ...over } };
}

/** Runs policies over resources with a policy config file; every policy at the file's levels. */
export async function check(policies: Policies, resources: RecordedResource[], file: PolicyConfigFile = { all: "mandatory" }): Promise<Violation[]> {
  return evaluate(policies, resources, resolvePolicies(policies, file, "advisory"), { stack: "test", project: "llm-observability" });
}
