import * as pulumi from "@pulumi/pulumi";

/** A resource as the Pulumi engine would receive it: type token, logical name and resolved inputs. */
export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const recorded: RecordedResource[] = [];

/**
 * Installs Pulumi mocks that record every resource registered. Call before creating resources; the returned
 * array fills as they register. Outputs echo inputs (plus an `id`), so components see their own values back.
 */
export function installMocks(project = "llm-observability", stack = "test"): RecordedResource[] {
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, name: args.inputs.name ?? args.name } };
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

/** Waits for every registration queued so far to reach the mock monitor. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
