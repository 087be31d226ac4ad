// What the image runs, run without Docker: the build stage's `tsc -p exporter/tsconfig.build.json`, then the
// runtime stage's ENTRYPOINT and HEALTHCHECK, in a directory laid out like the image's /app.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { builtinModules } from "node:module";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { execForm, parseDockerfile } from "./dockerfile";
import { SIMULATOR_MAIN } from "./simulator";

/** The checkout: the build context of exporter/Dockerfile. */
const REPOSITORY_ROOT = join(__dirname, "..", "..");

const app = mkdtempSync(join(tmpdir(), "llmobs-image-"));
const stages = parseDockerfile(readFileSync(join(REPOSITORY_ROOT, "exporter", "Dockerfile"), "utf8"));
const runtime = stages.at(-1)!;
const instruction = (op: string) => runtime.instructions.find((i) => i.op === op)!.args;
const entrypoint = execForm(instruction("ENTRYPOINT"));
const healthcheck = execForm(instruction("HEALTHCHECK"));

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith(".js") ? [join(dir, e.name)] : []);
}

/** `@scope/pkg/sub` -> `@scope/pkg`, `pkg/sub` -> `pkg`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** The dependencies the runtime stage installs: the exporter workspace's own (`npm ci --workspace exporter --omit=dev`). */
function runtimeDependencies(): Set<string> {
  const manifest = JSON.parse(readFileSync(join(REPOSITORY_ROOT, "exporter", "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies?: object };
  // npm installs a workspace's devDependencies even with --omit=dev: the exporter must not have any.
  assert.equal(manifest.devDependencies, undefined, "exporter/package.json has devDependencies, which the runtime image would ship");
  return new Set(Object.keys(manifest.dependencies));
}

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

function run(command: string[], env: Record<string, string>): { status: number | null; output: string } {
  const r = spawnSync(command[0] === "node" ? process.execPath : command[0]!, command.slice(1), { cwd: app, env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe("the exporter image's build and runtime stages", () => {
  let upstream: Server;
  let exporter: ChildProcess | undefined;
  let port: number;
  let log = "";

  before(async () => {
    const tsc = join(REPOSITORY_ROOT, "node_modules", "typescript", "bin", "tsc");
    const built = spawnSync(process.execPath, [tsc, "-p", "exporter/tsconfig.build.json", "--outDir", join(app, "exporter", "dist")], { cwd: REPOSITORY_ROOT, encoding: "utf8" });
    assert.equal(built.status, 0, `tsc failed:\n${built.stdout}${built.stderr}`);
    // As the runtime stage copies it: the exporter workspace's package.json, which says its code is CommonJS.
    cpSync(join(REPOSITORY_ROOT, "exporter", "package.json"), join(app, "exporter", "package.json"));
    symlinkSync(join(REPOSITORY_ROOT, "node_modules"), join(app, "node_modules"), "dir");
    upstream = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"object":"list","data":[]}'));
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  });

  after(async () => {
    exporter?.kill();
    await new Promise((r) => upstream.close(r));
    rmSync(app, { recursive: true, force: true });
  });

  it("compiles to CommonJS with the ENTRYPOINT's script and the simulator in place", () => {
    const main = join(app, entrypoint.at(-1)!);
    assert.ok(existsSync(main), `${entrypoint.at(-1)} not produced by the build`);
    assert.match(readFileSync(main, "utf8"), /require\(/);
    assert.ok(existsSync(join(app, SIMULATOR_MAIN)), "simulator not produced by the build (the local stack runs it)");
    assert.ok(!jsFiles(join(app, "exporter", "dist")).some((f) => f.endsWith(".test.js")), "tests compiled into the image");
  });

  it("needs no package beyond the exporter workspace's production dependencies (no dev dependencies, no Pulumi)", () => {
    const allowed = runtimeDependencies();
    assert.ok(!allowed.has("@pulumi/pulumi"), "Pulumi is not shipped in the image");
    const used = new Set(jsFiles(join(app, "exporter", "dist")).flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/\b(?:require|import)\("([^".][^"]*)"\)/g)].map((m) => m[1]!)));
    for (const spec of used) {
      if (spec.startsWith("node:") || builtinModules.includes(spec)) continue;
      assert.ok(allowed.has(packageOf(spec)), `compiled exporter requires ${spec}, which the runtime image does not install`);
    }
  });

  it("serves /healthz from the ENTRYPOINT, and the HEALTHCHECK passes while it runs and fails once it stops", async () => {
    port = await freePort();
    const audit = join(app, "audit");
    mkdirSync(audit);
    const { port: upstreamPort } = upstream.address() as AddressInfo;
    const env = {
      PATH: process.env.PATH ?? "",
      LLMOBS_HOST: "127.0.0.1",
      LLMOBS_PORT: String(port),
      LLMOBS_UPSTREAMS: JSON.stringify([{ name: "stub", url: `http://127.0.0.1:${upstreamPort}`, backend: "openai", models: [], default: true }]),
      AUDIT_LOG_DIR: audit,
      LOG_LEVEL: "warn",
    };
    exporter = spawn(process.execPath, entrypoint.slice(1), { cwd: app, env, stdio: ["ignore", "pipe", "pipe"] });
    exporter.stdout!.on("data", (d: Buffer) => (log += d.toString()));
    exporter.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) => exporter!.once("exit", r));

    let healthy = false;
    for (let i = 0; i < 100 && !healthy && exporter.exitCode === null; i++) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (!healthy) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(healthy, `compiled exporter never became healthy:\n${log}`);

    const passing = run(healthcheck, { LLMOBS_PORT: String(port) });
    assert.equal(passing.status, 0, passing.output);

    exporter.kill("SIGTERM");
    await exited;
    const failing = run(healthcheck, { LLMOBS_PORT: String(port) });
    assert.equal(failing.status, 1, failing.output);
  });
});
