import { spawn } from "node:child_process";
import { createServer, type RequestListener } from "node:http";
import { connect, createServer as createTcpServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { requireTool } from "../../../test/helpers/tools";

/** A hand-written HTTP upstream on 127.0.0.1:0, for behaviour the simulator has no fault mode for. */
export async function rawUpstream(handler: RequestListener): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

/** A loopback URL where nothing listens (connection refused). */
export async function refusedUrl(): Promise<string> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

/**
 * A loopback port whose TCP handshake never completes: a listener that never accepts, with its accept queue
 * filled, so the kernel drops further SYNs and a connect attempt hangs until the client's connect timeout.
 * (Node always accepts, hence a two-line Python listener.)
 */
export async function blackholeUrl(): Promise<{ url: string; close(): void }> {
  const py = spawn(requireTool("python3"), ["-c", "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)"], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    py.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim())));
    py.once("error", reject);
  });
  const fillers: Socket[] = [];
  for (let i = 0; i < 3; i++) {
    const s = connect(port, "127.0.0.1");
    s.on("error", () => undefined);
    fillers.push(s);
  }
  await new Promise((r) => setTimeout(r, 100));
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      for (const s of fillers) s.destroy();
      py.kill();
    },
  };
}
