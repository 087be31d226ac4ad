import type { Policies, EnforcementLevel } from "@pulumi/policy";
import { cardinalityPolicies } from "./cardinality";
import { guardrailPolicies } from "./guardrails";
import { retentionPolicies } from "./retention";
import { noPlaintextSecrets } from "./secrets";

/** The pack's name, as `pulumi preview` reports it. */
export const PACK_NAME = "llm-observability";

/**
 * Level of a policy no config file mentions. The committed config files set it per environment ("all":
 * advisory in local/dev, mandatory in staging/prod); advisory here keeps an unconfigured run from blocking.
 */
export const DEFAULT_ENFORCEMENT: EnforcementLevel = "advisory";

/** Every policy of the pack, in the order reports list them. */
export const POLICIES: Policies = [...retentionPolicies, ...cardinalityPolicies, ...guardrailPolicies, noPlaintextSecrets];
