import { parseSimulatorArgs, resolveSimulatorOptions } from "./options";
import { startSimulator } from "./server";

// `npm run simulator -- --port 8000 --ttft-ms 50 --tpot-ms 10 --models a,b`: runs until SIGINT/SIGTERM.
async function main(): Promise<void> {
  // A fixed default port suits a demo; the API's default (ephemeral) suits tests.
  const options = resolveSimulatorOptions({ port: 8000, ...parseSimulatorArgs(process.argv.slice(2)) });
  const sim = await startSimulator(options);
  process.stdout.write(`${JSON.stringify({ msg: "llm simulator listening", url: sim.url, models: options.models })}\n`);
  const stop = (): void => void sim.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`simulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
