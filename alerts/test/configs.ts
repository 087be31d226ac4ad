import { loadStackConfig, type Environment, type StackConfig } from "../../config";

/** A validated stack config the way index.ts gets it: environment defaults plus `llmobs:alerts` overrides. */
export function configFor(environment: Environment, alerts?: object): StackConfig {
  const raw: Record<string, string> = { "llmobs:environment": environment };
  if (alerts) raw["llmobs:alerts"] = JSON.stringify(alerts);
  return loadStackConfig(raw).config;
}

/** Two models with their own thresholds; `mistral.7b` has a dot, which the default branch's regex must escape. */
export const MODEL_OVERRIDES = {
  "llama-70b": { ttftP95WarningMs: 500, ttftP95CriticalMs: 1000, errorRateWarning: 0.2, errorRateCritical: 0.3, lowThroughputTokensPerSecond: 10, durationP95WarningMs: 10000 },
  "mistral.7b": { ttftP95WarningMs: 50 },
};

/** The config variants the promtool cases run against. */
export const VARIANTS = {
  default: () => configFor("dev"),
  overrides: () => configFor("staging", { modelOverrides: MODEL_OVERRIDES, disabled: ["LowMemoryEntries", "ImprovementBacklog"] }),
  preallocated: () => configFor("prod", { gpuMemoryPreallocated: true }),
  /** Seed thresholds tuned per stack, as an operator would in a stack file. */
  tuned: () => configFor("dev", { thresholds: { lowMemoryEntries: 20 } }),
} as const;
export type Variant = keyof typeof VARIANTS;
