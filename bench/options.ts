/** How long and how hard the benchmark runs. */
export interface BenchOptions {
  /** Seconds of each load run (hey or wrk). */
  seconds: number;
  /** Renders timed per registry size in the /metrics measurement. */
  renderRepeats: number;
  /** Whether this is the smoke run. */
  quick: boolean;
  /** Rounds of the CPU-per-request measurement (the proxies take turns in each). */
  cpuRounds: number;
  /** Requests per proxy, mode and round of the CPU measurement. */
  cpuRequests: { unary: number; stream: number };
  /** Rounds of the instructions-per-request measurement under callgrind (after an unkept warm-up round). */
  instructionRounds: number;
  /** Requests per proxy, mode and round under callgrind (20-50 times slower than without). */
  instructionRequests: { unary: number; stream: number };
  /** Whether the exporter part runs (`--scale` runs only the rule and query costs). */
  exporter: boolean;
  /** Whether the rule and query part runs (`--exporter` runs only the exporter's figures). */
  rules: boolean;
  /** Rule and query cost at scale: fleet sizes (models per instance), instances, rounds measured per size. */
  scale: { models: number[]; instances: number; rounds: number };
}

/** Full run: 18 loads of 6 s each (fixed-rate ones in 3 interleaved rounds of 2 s) plus setup and the callgrind rounds (about six minutes), then rules at 100 x 4 (about twelve). */
const FULL: BenchOptions = { seconds: 6, renderRepeats: 20, quick: false, cpuRounds: 5, cpuRequests: { unary: 4000, stream: 2000 }, instructionRounds: 3, instructionRequests: { unary: 500, stream: 250 }, exporter: true, rules: true, scale: { models: [100], instances: 4, rounds: 4 } };
/** `--quick`: the same matrix at 1 s per run (1 s rounds for the fixed-rate loads) and rules at 10 x 4, to check the benchmark works. */
const QUICK: BenchOptions = { seconds: 1, renderRepeats: 3, quick: true, cpuRounds: 2, cpuRequests: { unary: 500, stream: 250 }, instructionRounds: 1, instructionRequests: { unary: 100, stream: 50 }, exporter: true, rules: true, scale: { models: [10], instances: 4, rounds: 2 } };
/** `--scale`: only the rule and query costs, at 10, 100 and 300 models per instance, to show how they grow. */
const SCALE_SIZES = [10, 100, 300];

const ALLOWED = "--quick, --seconds <n>, --exporter, --scale, --models <n[,n...]>, --instances <n>";

function integer(flag: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${flag} ${value ?? "(missing)"}: expected an integer from ${min} to ${max}`);
  }
  return n;
}

/**
 * Parses `[--quick] [--seconds <n>] [--exporter | --scale] [--models <n,...>] [--instances <n>]`; an unknown flag
 * or a bad value is an error naming it and what is allowed.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let options = FULL;
  let seconds: number | undefined;
  let scaleOnly = false;
  let exporterOnly = false;
  let models: number[] | undefined;
  let instances: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--quick") options = QUICK;
    else if (arg === "--scale") scaleOnly = true;
    else if (arg === "--exporter") exporterOnly = true;
    else if (arg === "--seconds") {
      const value = argv[++i];
      seconds = Number(value);
      if (value === undefined || !Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
        throw new Error(`--seconds ${value ?? "(missing)"}: expected an integer number of seconds from 1 to 600`);
      }
    } else if (arg === "--models") {
      const value = argv[++i];
      models = (value ?? "").split(",").map((v) => integer("--models", v === "" ? undefined : v, 1, 1000));
      if (models.some((m, j) => j > 0 && m <= models![j - 1]!)) throw new Error(`--models ${value}: expected ascending sizes, e.g. 10,100,300`);
    } else if (arg === "--instances") instances = integer("--instances", argv[++i], 1, 20);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; allowed: ${ALLOWED}`);
  }
  if (scaleOnly && exporterOnly) throw new Error("--exporter and --scale: pick one (without either, both parts run)");
  const scale = {
    ...options.scale,
    models: models ?? (scaleOnly ? SCALE_SIZES : options.scale.models),
    instances: instances ?? options.scale.instances,
  };
  return { ...options, exporter: !scaleOnly, rules: !exporterOnly, scale, ...(seconds === undefined ? {} : { seconds }) };
}
