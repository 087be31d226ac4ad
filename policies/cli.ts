// `npm run policy -- --stack <name> [--stack-file <file>] [--config <file>] [--bundle <dir>]`: the policy pack
// over a stack's resources without the Pulumi CLI. The resources come from `npm run render` (the same mocks, the
// same secret handling), or from an existing bundle's resources.json. See README "Policies".
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { evaluate, resolvePolicies, type PolicyConfigFile, type RecordedResource, type Violation } from "./local-engine";
import { DEFAULT_ENFORCEMENT, PACK_NAME, POLICIES } from "./pack";

const root = resolve(__dirname, "..");

function fail(message: string): never {
  process.stderr.write(`policy: ${message}\n`);
  process.exit(2);
}

/** Renders the stack into a temporary bundle with `npm run render` and returns its recorded resources. */
function renderResources(stack: string, stackFile: string | undefined): RecordedResource[] {
  const out = mkdtempSync(join(tmpdir(), `llmobs-policy-${stack}-`));
  try {
    const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "render", "cli.ts"), "--stack", stack, "--out", out, ...(stackFile ? ["--stack-file", stackFile] : [])], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) fail(`rendering stack ${stack} failed:\n${r.stderr || r.stdout}`);
    return JSON.parse(readFileSync(join(out, "resources.json"), "utf8")) as RecordedResource[];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** One block per violation, then the summary line. */
function formatReport(stack: string, violations: readonly Violation[], resourceCount: number, enabled: number): string {
  const lines = violations.map((v) => `[${v.level}] ${v.policy}  ${v.resource}\n    ${v.message}`);
  const mandatory = violations.filter((v) => v.level === "mandatory").length;
  const summary = `${PACK_NAME} on stack ${stack}: ${violations.length} violation(s), ${mandatory} mandatory, ${violations.length - mandatory} advisory; ${enabled} policies over ${resourceCount} resources`;
  return [...lines, ...(lines.length ? [""] : []), summary, ""].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { stack: { type: "string" }, "stack-file": { type: "string" }, config: { type: "string" }, bundle: { type: "string" } } });
  const stack = values.stack ?? fail("--stack is required (local, dev, staging or prod)");
  const configPath = resolve(values.config ?? join(__dirname, "config", `${stack}.json`));
  if (!existsSync(configPath)) fail(`no policy config ${configPath}: pass --config <file> or add policies/config/${stack}.json`);
  let file: PolicyConfigFile;
  try {
    file = JSON.parse(readFileSync(configPath, "utf8")) as PolicyConfigFile;
  } catch (e) {
    fail(`${configPath}: not JSON (${(e as Error).message})`);
  }
  let resolved;
  try {
    resolved = resolvePolicies(POLICIES, file, DEFAULT_ENFORCEMENT);
  } catch (e) {
    fail(`${configPath}: ${(e as Error).message}`);
  }
  const resources = values.bundle
    ? (JSON.parse(readFileSync(join(resolve(values.bundle), "resources.json"), "utf8")) as RecordedResource[])
    : renderResources(stack, values["stack-file"]);
  const violations = await evaluate(POLICIES, resources, resolved, { stack, project: "llm-observability" });
  const enabled = [...resolved.values()].filter((p) => p.level !== "disabled").length;
  process.stdout.write(formatReport(stack, violations, resources.length, enabled));
  process.exit(violations.some((v) => v.level === "mandatory") ? 1 : 0);
}

main().catch((e) => fail(String((e as Error).stack ?? e)));
