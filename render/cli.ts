// `npm run render -- --stack <name> [--out <dir>]`: builds a stack under Pulumi mocks (no CLI, no cloud) and writes
// a reviewable bundle of everything it would deploy. See README "Render a stack".
import { mkdirSync, rmSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { formatConfigError } from "../config";
import { readStackWithFixtureSecrets } from "./stack-input";
import { installMocks, settle } from "./mocks";
import { bundleFiles, kubernetesManifests, redactedResources } from "./bundle";
import { validateManifest } from "./kubernetes-schema";
import { summaryTable } from "./summary";

const root = resolve(__dirname, "..");

function fail(message: string): never {
  process.stderr.write(`render: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stack: { type: "string" }, out: { type: "string" }, "stack-file": { type: "string" } },
  });
  const stacks = readdirSync(join(root, "stacks")).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter(Boolean);
  if (!values.stack) fail(`--stack is required: one of ${stacks.join(", ")}`);
  // --stack-file renders another file under the stack's name (CI previews of a changed config, tests).
  const stackFile = resolve(values["stack-file"] ?? join(root, "stacks", `Pulumi.${values.stack}.yaml`));
  if (!existsSync(stackFile)) fail(`--stack ${values.stack}: no ${stackFile}; expected one of ${stacks.join(", ")}`);
  const outDir = resolve(values.out ?? join("out", values.stack));

  let stackValues;
  try {
    stackValues = readStackWithFixtureSecrets(stackFile);
  } catch (e) {
    fail(formatConfigError(e));
  }
  const { config: flat, secretKeys } = stackValues;
  const recorded = installMocks("llm-observability", values.stack);
  pulumi.runtime.setAllConfig(flat, secretKeys);
  // Imported after the mocks are installed, as Pulumi requires.
  const { buildProgram } = require("../program") as typeof import("../program");
  let program;
  try {
    program = buildProgram(flat, secretKeys);
  } catch (e) {
    fail(e instanceof pulumi.RunError ? e.message : String((e as Error).stack ?? e));
  }
  await settle();

  const resources = redactedResources(recorded);
  const problems: string[] = [];
  for (const manifest of kubernetesManifests(resources)) {
    try {
      validateManifest(manifest);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length > 0) fail(`Kubernetes schema validation failed:\n${problems.join("\n")}`);

  const secretValues = secretKeys.map((k) => flat[k]!).filter(Boolean);
  const files = bundleFiles(program.stack.files, resources, secretValues);
  rmSync(outDir, { recursive: true, force: true });
  for (const [path, content] of files) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), content);
  }
  process.stdout.write(summaryTable({ stack: values.stack, config: program.config, resources, files, outDir }));
}

main().catch((e) => fail(String((e as Error).stack ?? e)));
