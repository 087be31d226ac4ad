// The floor of any Node proxy, as a benchmark target: each client connection is paired with its own upstream
// connection and bytes are copied both ways, unparsed and unmeasured. What it adds over direct is what Node's
// sockets cost on this machine; what the exporter adds beyond that is its own HTTP handling and measuring.
// `tsx bench/relay.ts --port <listen> --upstream <host:port>`; prints "relay listening" once ready.
import { connect, createServer } from "node:net";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { port: { type: "string" }, upstream: { type: "string" } } });
const port = Number(values.port);
const [host, upstreamPort] = (values.upstream ?? "").split(":");
if (!Number.isInteger(port) || !host || !Number(upstreamPort)) {
  console.error(`relay: expected --port <n> --upstream <host:port>, got ${JSON.stringify(values)}`);
  process.exit(2);
}

createServer((client) => {
  const upstream = connect(Number(upstreamPort), host);
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  // pipe() applies backpressure both ways; either side ending or failing tears down the pair.
  client.pipe(upstream).pipe(client);
  const teardown = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on("error", teardown).on("close", teardown);
  upstream.on("error", teardown).on("close", teardown);
}).listen(port, "127.0.0.1", () => console.log("relay listening"));
