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
