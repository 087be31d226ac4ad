import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { stringify } from "yaml";
import { exposition, type FleetSeries } from "./fleet";

/** The fleet's exporter instances, served live: one HTTP server per instance on 127.0.0.1, each with its own port. */
export interface LiveFleet {
  /** `host:port` of each instance, in instance order. */
  addresses: string[];
  close(): Promise<void>;
}

/** Serves `series` as each instance's /metrics, valued at the seconds since `startUnix`. */
export async function serveFleet(series: readonly FleetSeries[], instances: number, startUnix: number): Promise<LiveFleet> {
  const servers: Server[] = [];
  for (let i = 0; i < instances; i++) {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end(exposition(series, Date.now() / 1000 - startUnix, startUnix));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
  }
  return {
    addresses: servers.map((s) => `127.0.0.1:${(s.address() as AddressInfo).port}`),
    close: async () => {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
}

/** Value of the `instance` label of instance `i`: fixed, so backfilled and live samples are the same series. */
export const instanceName = (i: number): string => `exporter-${i}`;

/** A prometheus.yml that scrapes the fleet as the exporter job, at the stack's intervals, with the stack's rule files. */
export function scalePrometheusConfig(o: { job: string; addresses: readonly string[]; scrapeInterval: string; evaluationInterval: string; ruleFiles: readonly string[] }): string {
  return stringify({
    global: { scrape_interval: o.scrapeInterval, evaluation_interval: o.evaluationInterval },
    rule_files: o.ruleFiles,
    scrape_configs: [{
      job_name: o.job,
      static_configs: o.addresses.map((address, i) => ({ targets: [address], labels: { instance: instanceName(i) } })),
    }],
  });
}

/** Runs `promtool tsdb create-blocks-from openmetrics` (day-long blocks: one pass over the input instead of twelve). */
export function createBlocks(promtool: string, input: string, outputDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=24h", input, outputDir], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`promtool create-blocks-from openmetrics ${input} exited ${code}: ${err.slice(-500)}`))));
  });
}
