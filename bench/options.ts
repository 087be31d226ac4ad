/** How long and how hard the benchmark runs. */
export interface BenchOptions {
  /** Seconds of each load run (hey or wrk). */
  seconds: number;
  /** Renders timed per registry size in the /metrics measurement. */
  renderRepeats: number;
  /** Whether this is the smoke run. */
  quick: boolean;
}

/** Full run: 18 loads of 6 s each (fixed-rate ones in 3 interleaved rounds of 2 s) plus setup, about three minutes. */
const FULL: BenchOptions = { seconds: 6, renderRepeats: 20, quick: false };
/** `--quick`: the same matrix at 1 s per run (1 s rounds for the fixed-rate loads), about a minute, to check the benchmark works. */
const QUICK: BenchOptions = { seconds: 1, renderRepeats: 3, quick: true };

/** Parses `[--quick] [--seconds <n>]`; an unknown flag or a bad value is an error naming it and what is allowed. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let options = FULL;
  let seconds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--quick") options = QUICK;
    else if (arg === "--seconds") {
      const value = argv[++i];
      seconds = Number(value);
      if (value === undefined || !Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
        throw new Error(`--seconds ${value ?? "(missing)"}: expected an integer number of seconds from 1 to 600`);
      }
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}; allowed: --quick, --seconds <n>`);
  }
  return seconds === undefined ? options : { ...options, seconds };
}
