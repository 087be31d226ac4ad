// What the Pulumi engine does with a policy pack, done in-process over recorded resources: resolve each policy's
// enforcement level and settings from a policy config file, call resource policies per resource and stack
// policies once, collect the violations. `npm run policy` and the tests use it; the CLI path is index.ts.
import type {
  EnforcementLevel, Policies, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";
import { validateSettings } from "./lib/config";

/** A resource as `npm run render` records it (resources.json): type token, logical name, resolved inputs. */
export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** A `--policy-pack-config` file: `"all"` and per-policy levels, or per-policy objects with settings. */
export type PolicyConfigFile = Record<string, unknown>;

export interface Violation {
  policy: string;
  level: "advisory" | "mandatory";
  /** `type::name` of the resource, or `stack` for a stack policy's finding about no single resource. */
  resource: string;
  message: string;
}

export interface ResolvedPolicy {
  level: EnforcementLevel;
  settings: Record<string, unknown>;
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * Each policy's level and settings as the CLI derives them from a config file: the policy's own entry, else
 * `"all"`, else the policy's level, else the pack's. Throws with one line per problem (unknown policy, bad level,
 * a setting its schema refuses).
 */
export function resolvePolicies(policies: Policies, file: PolicyConfigFile, packLevel: EnforcementLevel): Map<string, ResolvedPolicy> {
  const problems: string[] = [];
  const level = (v: unknown, at: string): EnforcementLevel | undefined => {
    if (v === undefined) return undefined;
    if (LEVELS.includes(v as EnforcementLevel)) return v as EnforcementLevel;
    problems.push(`${at} = ${JSON.stringify(v)}: expected one of ${LEVELS.join(", ")}`);
    return undefined;
  };
  const all = level(file.all, "all");
  const names = new Set(policies.map((p) => p.name));
  for (const k of Object.keys(file)) if (k !== "all" && !names.has(k)) problems.push(`${k}: no such policy; expected one of ${[...names].join(", ")}`);
  const out = new Map<string, ResolvedPolicy>();
  for (const p of policies) {
    const entry = file[p.name];
    let own: EnforcementLevel | undefined;
    let settings: Record<string, unknown> = {};
    if (typeof entry === "string") own = level(entry, p.name);
    else if (entry !== undefined && typeof entry === "object" && entry !== null) {
      const { enforcementLevel, ...rest } = entry as Record<string, unknown>;
      own = level(enforcementLevel, `${p.name}.enforcementLevel`);
      settings = rest;
      problems.push(...validateSettings(p.name, p.configSchema, rest));
    } else if (entry !== undefined) problems.push(`${p.name} = ${JSON.stringify(entry)}: expected a level or an object`);
    out.set(p.name, { level: own ?? all ?? p.enforcementLevel ?? packLevel, settings });
  }
  if (problems.length > 0) throw new Error(`invalid policy config (${problems.length} problem${problems.length > 1 ? "s" : ""}):\n  ${problems.join("\n  ")}`);
  return out;
}

class NotApplicable extends Error {}

const isResourcePolicy = (p: Policies[number]): p is ResourceValidationPolicy => "validateResource" in p && p.validateResource !== undefined;
const isStackPolicy = (p: Policies[number]): p is StackValidationPolicy => "validateStack" in p;

/** The URN the engine would give a top-level resource (nesting under components is not modelled). */
const urnOf = (stack: string, project: string, r: RecordedResource) => `urn:pulumi:${stack}::${project}::${r.type}::${r.name}`;
const resourceId = (r: RecordedResource) => `${r.type}::${r.name}`;

const opts = { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };

/**
 * Runs every enabled policy over the resources and returns the violations, resource policies first (in resource
 * order), then stack policies. A policy that throws fails the run, as it fails `pulumi preview`.
 */
export async function evaluate(
  policies: Policies,
  resources: readonly RecordedResource[],
  resolved: Map<string, ResolvedPolicy>,
  where: { stack: string; project: string },
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const byUrn = new Map(resources.map((r) => [urnOf(where.stack, where.project, r), r]));
  const run = async (p: Policies[number], fn: () => unknown) => {
    try {
      await fn();
    } catch (e) {
      if (e instanceof NotApplicable) return;
      throw new Error(`policy ${p.name} failed: ${(e as Error).stack ?? e}`);
    }
  };
  const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
  };
  for (const p of policies) {
    const { level: raw, settings } = resolved.get(p.name) ?? { level: "advisory" as EnforcementLevel, settings: {} };
    if (raw === "disabled") continue;
    const level = raw === "advisory" ? "advisory" : "mandatory";
    const getConfig = <T extends object>() => settings as T;
    if (isResourcePolicy(p)) {
      const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
      for (const r of resources) {
        const report: ReportViolation = (message) => violations.push({ policy: p.name, level, resource: resourceId(r), message });
        const args = {
          type: r.type, name: r.name, props: r.inputs, urn: urnOf(where.stack, where.project, r), opts, stackTags: new Map<string, string>(),
          isType: () => false, asType: () => undefined, getConfig, notApplicable,
        } as unknown as ResourceValidationArgs;
        for (const v of validations) await run(p, () => v(args, report));
      }
    } else if (isStackPolicy(p)) {
      const policyResources = resources.map((r) => ({
        type: r.type, name: r.name, props: r.inputs, urn: urnOf(where.stack, where.project, r), opts, dependencies: [], propertyDependencies: {},
        isType: () => false, asType: () => undefined,
      })) as unknown as PolicyResource[];
      const report: ReportViolation = (message, urn) => {
        const r = urn ? byUrn.get(urn) : undefined;
        violations.push({ policy: p.name, level, resource: r ? resourceId(r) : "stack", message });
      };
      const args = { resources: policyResources, getConfig, stackTags: new Map<string, string>(), notApplicable } as unknown as StackValidationArgs;
      await run(p, () => p.validateStack(args, report));
    }
  }
  return violations;
}
