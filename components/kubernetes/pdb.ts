import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Inputs of a PodDisruptionBudget for a replicated workload. */
export interface PdbArgs {
  /** Object name, usually the workload's. */
  name: string;
  /** Pulumi logical name, unique in the program (derive it from the component's name so two stacks can coexist). */
  resourceName: string;
  /** Namespace of the workload. */
  namespace: pulumi.Input<string>;
  /** Labels of the PDB object. */
  labels: Record<string, string>;
  /** Pod selector of the workload. */
  selector: Record<string, string>;
  /** Replicas of the workload; no PDB is made for 1, since it could only block node drains. */
  replicas: number;
}

/**
 * A PDB keeping all but one replica up during voluntary disruptions, or undefined for a single replica.
 * `maxUnavailable: 1` rather than `minAvailable` so it never blocks a drain when replicas change.
 */
export function podDisruptionBudget(args: PdbArgs, opts: pulumi.CustomResourceOptions): k8s.policy.v1.PodDisruptionBudget | undefined {
  if (args.replicas < 2) return undefined;
  return new k8s.policy.v1.PodDisruptionBudget(args.resourceName, {
    metadata: { name: args.name, namespace: args.namespace, labels: args.labels },
    spec: { maxUnavailable: 1, selector: { matchLabels: args.selector } },
  }, opts);
}
