import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadStackConfig } from "../config";
// The module, not the folder index: the benchmark has no use for the Pulumi providers the index loads.
import { exporterEnvironment } from "../components/exporter/environment";
import { renderNginxConfig } from "./nginx";
import { freePort, startProcess, stopProcess, waitUntilServing, type BenchProcess } from "./processes";
import type { Target } from "./report";

const ROOT = join(__dirname, "..");
const TSX = ["--import", "tsx"];

/** The servers under test, each in its own process, and how to reach them. */
export interface BenchTargets {
  urls: Record<Target, string>;
  processes: BenchProcess[];
}

/**
 * Starts the simulator (no think time, 16-token answers), the exporter in front of it configured exactly as the
 * `local` stack configures it (request log, audit log, backend scraping on), nginx in front of it, and a bare Node
 * byte relay (bench/relay.ts) in front of it.
 * Everything listens on 127.0.0.1 on free ports; logs go to `dir`. `wrapProxy` runs the three proxies under
 * another program (callgrind); a wrapped proxy starts many times slower, so it is given longer to serve.
 */
export async function startTargets(dir: string, wrapProxy?: (command: string, args: string[]) => [string, string[]]): Promise<BenchTargets> {
  const processes: BenchProcess[] = [];
  const proxy = (name: string, command: string, args: string[], env: Record<string, string>, cwd: string) => {
    const [cmd, argv] = wrapProxy ? wrapProxy(command, args) : [command, args];
    return startProcess(name, cmd, argv, env, join(dir, `${name}.log`), cwd);
  };
  const attempts = wrapProxy ? 1500 : undefined;
  try {
    const simPort = await freePort();
    const sim = startProcess("simulator", process.execPath, [...TSX, join(ROOT, "exporter/simulator/main.ts"),
      "--port", String(simPort), "--ttft-ms", "0", "--tpot-ms", "0", "--completion-tokens", "16"], {}, join(dir, "simulator.log"), ROOT);
    processes.push(sim);
    const direct = `http://127.0.0.1:${simPort}`;
    await waitUntilServing(sim, `${direct}/v1/models`);

    const exporterPort = await freePort();
    const { config } = loadStackConfig({ "llmobs:environment": "local" });
    const env = {
      ...exporterEnvironment(config),
      LLMOBS_HOST: "127.0.0.1",
      LLMOBS_PORT: String(exporterPort),
      LLMOBS_UPSTREAMS: JSON.stringify([{ name: "simulator", url: direct, backend: "vllm", models: [], default: true }]),
      AUDIT_LOG_DIR: join(dir, "audit"),
    };
    const exporter = proxy("exporter", process.execPath, [...TSX, join(ROOT, "exporter/src/main.ts")], env, ROOT);
    processes.push(exporter);
    const viaExporter = `http://127.0.0.1:${exporterPort}`;
    await waitUntilServing(exporter, `${viaExporter}/readyz`, attempts);

    const nginxPort = await freePort();
    const nginxDir = join(dir, "nginx");
    mkdirSync(nginxDir);
    writeFileSync(join(nginxDir, "nginx.conf"), renderNginxConfig({ dir: nginxDir, listenPort: nginxPort, upstream: `127.0.0.1:${simPort}`, keepalive: 64, singleProcess: wrapProxy !== undefined }));
    const nginx = proxy("nginx", "/usr/sbin/nginx", ["-p", nginxDir, "-c", join(nginxDir, "nginx.conf")], {}, nginxDir);
    processes.push(nginx);
    const viaNginx = `http://127.0.0.1:${nginxPort}`;
    await waitUntilServing(nginx, `${viaNginx}/v1/models`, attempts);

    const relayPort = await freePort();
    const relay = proxy("relay", process.execPath, [...TSX, join(ROOT, "bench/relay.ts"), "--port", String(relayPort), "--upstream", `127.0.0.1:${simPort}`], {}, ROOT);
    processes.push(relay);
    const viaRelay = `http://127.0.0.1:${relayPort}`;
    await waitUntilServing(relay, `${viaRelay}/v1/models`, attempts);

    return { urls: { direct, nginx: viaNginx, relay: viaRelay, exporter: viaExporter }, processes };
  } catch (e) {
    await stopTargets(processes);
    throw e;
  }
}

/** Stops every process started, newest first. */
export async function stopTargets(processes: readonly BenchProcess[]): Promise<void> {
  for (const p of [...processes].reverse()) await stopProcess(p);
}
