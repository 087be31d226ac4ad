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
 * Everything listens on 127.0.0.1 on free ports; logs go to `dir`.
 */
export async function startTargets(dir: string): Promise<BenchTargets> {
  const processes: BenchProcess[] = [];
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
    const exporter = startProcess("exporter", process.execPath, [...TSX, join(ROOT, "exporter/src/main.ts")], env, join(dir, "exporter.log"), ROOT);
    processes.push(exporter);
    const viaExporter = `http://127.0.0.1:${exporterPort}`;
    await waitUntilServing(exporter, `${viaExporter}/readyz`);

    const nginxPort = await freePort();
    const nginxDir = join(dir, "nginx");
    mkdirSync(nginxDir);
    writeFileSync(join(nginxDir, "nginx.conf"), renderNginxConfig({ dir: nginxDir, listenPort: nginxPort, upstream: `127.0.0.1:${simPort}`, keepalive: 64 }));
    const nginx = startProcess("nginx", "/usr/sbin/nginx", ["-p", nginxDir, "-c", join(nginxDir, "nginx.conf")], {}, join(dir, "nginx.log"), nginxDir);
    processes.push(nginx);
    const viaNginx = `http://127.0.0.1:${nginxPort}`;
    await waitUntilServing(nginx, `${viaNginx}/v1/models`);

    const relayPort = await freePort();
    const relay = startProcess("relay", process.execPath, [...TSX, join(ROOT, "bench/relay.ts"), "--port", String(relayPort), "--upstream", `127.0.0.1:${simPort}`],
      {}, join(dir, "relay.log"), ROOT);
    processes.push(relay);
    const viaRelay = `http://127.0.0.1:${relayPort}`;
    await waitUntilServing(relay, `${viaRelay}/v1/models`);

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
