import { parseSimulatorArgs, resolveSimulatorOptions, simulatorHelp } from "./options";
import { startSimulator } from "./server";

// A fixed default port suits a demo; the API's default (ephemeral) suits tests.
const CLI_DEFAULTS = { port: 8000 };

// `npm run simulator -- --port 8000 --ttft-ms 50 --tpot-ms 10 --models a,b`: runs until SIGINT/SIGTERM.
async function main(argv: string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${simulatorHelp(resolveSimulatorOptions(CLI_DEFAULTS))}\n`);
    return;
  }
  const options = resolveSimulatorOptions({ ...CLI_DEFAULTS, ...parseSimulatorArgs(argv) });
  const sim = await startSimulator(options);
  process.stdout.write(`${JSON.stringify({ msg: "llm simulator listening", url: sim.url, models: options.models })}\n`);
  const stop = (): void => void sim.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`simulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
