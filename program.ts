import * as pulumi from "@pulumi/pulumi";
import { ConfigError, formatConfigError, loadStackConfig, type LoadedConfig, type SecretKey, type StackConfig } from "./config";
import { ObservabilityStack } from "./components";

/** What the Pulumi program builds: the validated config and the stack component. */
export interface Program {
  config: StackConfig;
  stack: ObservabilityStack;
}

/** The secret config keys of the running stack, as the Pulumi engine hands them to the program. */
function engineSecretKeys(): string[] | undefined {
  const keys = process.env.PULUMI_CONFIG_SECRET_KEYS;
  return keys ? (JSON.parse(keys) as string[]) : undefined;
}

/**
 * Reads and validates the `llmobs:*` config, then declares the stack. A config mistake stops the program before
 * any resource is declared, with one line per problem and no stack trace (pulumi.RunError prints none).
 * `secretKeys` lets the loader reject a credential written in plain text.
 */
export function buildProgram(
  allConfig: Record<string, string> = pulumi.runtime.allConfig(),
  secretKeys: readonly string[] | undefined = engineSecretKeys(),
): Program {
  try {
    const loaded: LoadedConfig = loadStackConfig(allConfig, secretKeys ? { secretKeys } : {});
    const secrets = Object.fromEntries(
      Object.entries(loaded.secrets).map(([k, v]) => [k, pulumi.secret(v)]),
    ) as Partial<Record<SecretKey, pulumi.Output<string>>>;
    // Components report a missing credential they mount as a ConfigError too, before declaring anything.
    const stack = new ObservabilityStack("llmobs", { config: loaded.config, secrets });
    return { config: loaded.config, stack };
  } catch (e) {
    if (e instanceof ConfigError) throw new pulumi.RunError(formatConfigError(e));
    throw e;
  }
}
