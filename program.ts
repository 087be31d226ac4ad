import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadStackConfig, type SecretKey, type StackConfig } from "./config";
import { ObservabilityStack } from "./components";

/** What the Pulumi program builds: the validated config and the stack component. */
export interface Program {
  config: StackConfig;
  stack: ObservabilityStack;
}

/**
 * Reads and validates the `llmobs:*` config, then declares the stack. A config mistake stops the program before
 * any resource is declared, with one line per problem and no stack trace (pulumi.RunError prints none).
 */
export function buildProgram(allConfig: Record<string, string> = pulumi.runtime.allConfig()): Program {
  let loaded;
  try {
    loaded = loadStackConfig(allConfig);
  } catch (e) {
    if (e instanceof ConfigError) throw new pulumi.RunError(`invalid stack configuration:\n${e.message}`);
    throw e;
  }
  const secrets = Object.fromEntries(
    Object.entries(loaded.secrets).map(([k, v]) => [k, pulumi.secret(v)]),
  ) as Partial<Record<SecretKey, pulumi.Output<string>>>;
  const stack = new ObservabilityStack("llmobs", { config: loaded.config, secrets });
  return { config: loaded.config, stack };
}
