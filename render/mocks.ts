import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/** A resource as the Pulumi engine would receive it: type token, logical name and resolved inputs. */
export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const recorded: RecordedResource[] = [];

/**
 * What the engine does to a Kubernetes object declared without `metadata.name`: it names it `<logical name>-<suffix>`.
 * The engine's suffix is random and drawn again on each replacement; here it is a digest of the inputs, which
 * changes exactly when the provider would replace the object, and keeps rendered bundles byte-identical.
 */
function withAutoName(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const metadata = inputs.metadata as Record<string, unknown> | undefined;
  if (!type.startsWith("kubernetes:") || type.startsWith("kubernetes:helm") || metadata === undefined || metadata.name !== undefined) return inputs;
  const suffix = createHash("sha256").update(JSON.stringify(inputs)).digest("hex").slice(0, 8);
  return { ...inputs, metadata: { ...metadata, name: `${name}-${suffix}` } };
}

/**
 * Installs Pulumi mocks that record every resource registered. Call before creating resources; the returned
 * array fills as they register. Outputs echo inputs (plus an `id`), so components see their own values back.
 */
export function installMocks(project = "llm-observability", stack = "test"): RecordedResource[] {
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = withAutoName(args.type, args.name, args.inputs);
        recorded.push({ type: args.type, name: args.name, inputs });
        return { id: `${args.name}-id`, state: { ...inputs, name: inputs.name ?? args.name } };
      },
      call(args) {
        return args.inputs;
      },
    },
    project,
    stack,
    false,
  );
  return recorded;
}

/** Forgets what was recorded so far (between table-driven cases). */
export function resetRecorded(): void {
  recorded.length = 0;
}

/** Resolves a Pulumi Output (or plain value) in a test. */
export function resolve<T>(o: pulumi.Input<T>): Promise<T> {
  return new Promise((res) => pulumi.output(o).apply((v) => res(v as T)));
}

/**
 * Waits until every registration queued so far has reached the mock monitor. Registrations arrive
 * asynchronously and a component may register more once its inputs resolve, so this waits for a quiet period
 * (no new resource for five 20 ms ticks) rather than a fixed number of turns.
 */
export async function settle(): Promise<void> {
  let last = -1;
  for (let quiet = 0; quiet < 5; ) {
    await new Promise((r) => setTimeout(r, 20));
    quiet = recorded.length === last ? quiet + 1 : 0;
    last = recorded.length;
  }
}
