import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { freePort } from "../../bench/processes";

/** The Jaeger release scripts/build-jaeger.sh builds (Go module github.com/jaegertracing/jaeger). */
export const JAEGER_MODULE_VERSION = "v1.75.0";

/** Where scripts/build-jaeger.sh leaves the binary, or JAEGER_BIN. */
export function jaegerBinary(): string {
  if (process.env.JAEGER_BIN) return process.env.JAEGER_BIN;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cache, "llm-observability", `jaeger-${JAEGER_MODULE_VERSION}`, "jaeger");
}

/** Throws a one-line, actionable error when the binary has not been built; the tests never build it themselves. */
export function requireJaegerBinary(): string {
  const bin = jaegerBinary();
  if (!existsSync(bin)) {
    throw new Error(`Jaeger binary not found at ${bin}: build it once with \`bash scripts/build-jaeger.sh\` (.ci/run does), or set JAEGER_BIN`);
  }
  return bin;
}

/** The loopback ports a rewritten config listens on, by the port the rendered config used. */
export type PortMap = Map<number, number>;

/**
 * The rendered config with only its listen addresses moved to free 127.0.0.1 ports (`0.0.0.0:4318` ->
 * `127.0.0.1:<free>`, the telemetry reader's host/port likewise) and badger's directories into `dataDir`.
 * Everything else stays as rendered, so Jaeger judges the config the stack deploys.
 */
export async function onLoopback(rendered: string, dataDir: string): Promise<{ config: string; ports: PortMap }> {
  const doc = parse(rendered) as Record<string, unknown>;
  const ports: PortMap = new Map();
  const local = async (port: number) => {
    if (!ports.has(port)) ports.set(port, await freePort());
    return ports.get(port)!;
  };
  const visit = async (node: unknown): Promise<unknown> => {
    if (typeof node === "string") {
      const m = /^0\.0\.0\.0:(\d+)$/.exec(node);
      return m ? `127.0.0.1:${await local(Number(m[1]))}` : node;
    }
    if (Array.isArray(node)) return Promise.all(node.map(visit));
    if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) out[k] = await visit(v);
      // The telemetry reader spells its address as host + port.
      if (o.host === "0.0.0.0" && typeof o.port === "number") Object.assign(out, { host: "127.0.0.1", port: await local(o.port) });
      return out;
    }
    return node;
  };
  const moved = (await visit(doc)) as Record<string, unknown>;
  const badger = (moved.extensions as { jaeger_storage?: { backends?: Record<string, { badger?: { directories: Record<string, string> } }> } })
    .jaeger_storage?.backends;
  for (const b of Object.values(badger ?? {})) {
    if (b.badger) b.badger.directories = { keys: join(dataDir, "keys"), values: join(dataDir, "values") };
  }
  return { config: stringify(moved, { lineWidth: 0 }), ports };
}

/** A running Jaeger and the log it wrote so far. */
export interface RunningJaeger {
  process: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts Jaeger with `config` and resolves once its health check answers; rejects with Jaeger's log if it exits
 * first (a config it rejects) or is not healthy within a generous bound.
 */
export async function startJaeger(bin: string, config: string, healthUrl: string): Promise<RunningJaeger> {
  const dir = mkdtempSync(join(tmpdir(), "llmobs-jaeger-"));
  const file = join(dir, "config.yaml");
  writeFileSync(file, config);
  const child = spawn(bin, ["--config", file], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code));
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
  for (let i = 0; i < 600; i++) {
    if (exited !== undefined) throw new Error(`jaeger exited with ${exited} on the rendered config:\n${log}`);
    if (await fetch(healthUrl).then((r) => r.ok, () => false)) return { process: child, log: () => log, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`jaeger did not become healthy at ${healthUrl}:\n${log}`);
}
