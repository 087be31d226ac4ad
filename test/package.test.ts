// The repository as another team gets it: `npm pack`, install the tarball into a fresh project, run a plain
// JavaScript Pulumi program (examples/kubernetes-consumer, no tsx) that builds ObservabilityStack with its own
// Kubernetes provider under mocks, and type-check a TypeScript consumer against the shipped declarations.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "llmobs-package-"));
after(() => rmSync(work, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });

interface Registered { type: string; name: string; provider: string; inputs: Record<string, any> }

test("the packed package installs into a fresh project and a plain JavaScript program deploys it with its own provider", async (t) => {
  // prepack compiles the library, so the tarball is what `npm publish` would ship.
  const tarball = npm(["pack", "--pack-destination", work, "--silent"], root).trim().split("\n").at(-1)!;
  const packed = execFileSync("tar", ["-tzf", join(work, tarball)], { encoding: "utf8" }).split("\n").filter(Boolean);
  await t.test("ships compiled JavaScript with declarations, and neither sources, tests nor the exporter service", () => {
    assert.ok(packed.includes("package/dist/components/index.js") && packed.includes("package/dist/components/index.d.ts"));
    for (const f of packed) {
      assert.doesNotMatch(f, /\.test\.|(^|\/)exporter\/src\/|\.ts$(?<!\.d\.ts)/, `${f} should not be in the package`);
      assert.ok(f === "package/package.json" || f === "package/README.md" || f.startsWith("package/dist/"), `${f} is outside dist/`);
    }
  });

  const app = join(work, "consumer");
  cpSync(join(root, "examples", "kubernetes-consumer"), app, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
  manifest.dependencies["llm-observability"] = `file:${join(work, tarball)}`;
  writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2));
  // Dependencies come from npm's cache where `npm ci` left them; anything missing is fetched.
  npm(["install", "--prefer-offline", "--ignore-scripts"], app);
  assert.ok(!existsSync(join(app, "node_modules", "llm-observability", "node_modules")), "the package brought its own copy of a dependency (two @pulumi/pulumi would not share the mocks)");
  cpSync(join(__dirname, "fixtures", "consumer-mocks.js"), join(app, "mocks.js"));

  const run = spawnSync(process.execPath, ["--require", "./mocks.js", "index.js"], { cwd: app, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
  assert.equal(run.status, 0, `consumer failed:\n${run.stdout}${run.stderr}`);
  const line = run.stdout.split("\n").find((l) => l.startsWith("RESOURCES "));
  assert.ok(line, `no resources printed:\n${run.stdout}${run.stderr}`);
  const resources = JSON.parse(line.slice("RESOURCES ".length)) as Registered[];

  await t.test("every Kubernetes object goes through the consumer's provider, and no Docker provider is needed", () => {
    const objects = resources.filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:"));
    assert.ok(objects.length >= 10, `only ${objects.length} Kubernetes objects`);
    for (const r of objects) assert.match(r.provider, /::gpu-cluster::/, `${r.type} ${r.name} does not use the consumer's provider`);
    assert.deepEqual(resources.filter((r) => r.type.includes("docker")).map((r) => r.type), []);
    const ns = resources.find((r) => r.type === "kubernetes:core/v1:Namespace");
    assert.equal(ns?.inputs.metadata.name, "llm-monitoring");
    assert.ok(resources.some((r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.inputs.metadata.name === "prometheus"));
  });

  await t.test("the shipped declarations type-check a TypeScript consumer", () => {
    writeFileSync(join(app, "check.ts"), [
      'import { ObservabilityStack, type ObservabilityStackArgs, renderPrometheusConfig } from "llm-observability/components";',
      'import { loadStackConfig, type StackConfig } from "llm-observability/config";',
      'import { ruleFiles } from "llm-observability/alerts";',
      'import { LLM_METRICS } from "llm-observability/catalog";',
      'const config: StackConfig = loadStackConfig({ "llmobs:environment": "dev" }).config;',
      'const args: ObservabilityStackArgs = { config };',
      'export const files: Record<string, string> = ruleFiles(config);',
      'export const metric: string = LLM_METRICS.firstTokenLatencyMs.name;',
      'export { ObservabilityStack, args, renderPrometheusConfig };',
      "",
    ].join("\n"));
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck", "--types", "node", "--typeRoots", join(root, "node_modules", "@types"), "check.ts"], { cwd: app, encoding: "utf8" });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  });
});
