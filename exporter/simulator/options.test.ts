import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseSimulatorArgs, resolveSimulatorOptions, SIMULATOR_DEFAULTS, simulatorHelp } from "./options";
import { faultFromModel, requestedFault } from "./faults";

test("command-line flags parse in both --flag value and --flag=value forms", () => {
  assert.deepEqual(parseSimulatorArgs(["--port", "8001", "--ttft-ms=50", "--tpot-ms", "12.5", "--models", "a,b", "--seed", "7", "--error-rate", "0.1"]), {
    port: 8001, ttftMs: 50, tpotMs: 12.5, models: ["a", "b"], seed: 7, errorRate: 0.1,
  });
  assert.deepEqual(resolveSimulatorOptions({}), SIMULATOR_DEFAULTS);
});

test("bad values name the option, the value and the range", () => {
  assert.throws(() => parseSimulatorArgs(["--error-rate", "1.5"]), /errorRate \(--error-rate\): expected a number from 0 to 1, got 1.5/);
  assert.throws(() => parseSimulatorArgs(["--port", "http"]), /port \(--port\): expected an integer from 0 to 65535, got NaN/);
  assert.throws(() => parseSimulatorArgs(["--completion-tokens", "2.5"]), /expected an integer from 1/);
  assert.throws(() => parseSimulatorArgs(["--ttft-ms"]), /--ttft-ms: missing value/);
  assert.throws(() => parseSimulatorArgs(["--ttft-ms", ""]), /--ttft-ms: expected a number, got ""/);
  assert.throws(() => parseSimulatorArgs(["--models", "a,,b"]), /models \(--models\): expected a comma-separated list/);
  assert.throws(() => parseSimulatorArgs(["--turbo", "1"]), /unknown argument "--turbo"; allowed: --port, --host, --models, --ttft-ms, .*, --help$/);
  assert.throws(() => resolveSimulatorOptions({ jitterMs: -1 }), /jitterMs \(--jitter-ms\)/);
});

test("fault modes come from the header or a fault-<mode> model; unknown header values are errors", () => {
  assert.equal(requestedFault("hang", "sim-model"), "hang");
  assert.equal(requestedFault(undefined, "fault-http-429"), "http-429");
  assert.equal(requestedFault(undefined, "fault-reset/sim-model"), "reset");
  assert.equal(requestedFault("omit-usage", "fault-reset"), "omit-usage", "the header wins");
  assert.equal(requestedFault(undefined, "fault-nonsense"), undefined);
  assert.equal(faultFromModel("sim-model"), undefined);
  assert.match(String(requestedFault("boom", "m")), /x-sim-fault: unknown fault "boom"; allowed: reset, reset-mid-stream/);
});

test("--help lists every option once with its default, and each flag parses back to that default", () => {
  const defaults = resolveSimulatorOptions({ port: 8000, seed: 7 });
  const rows = simulatorHelp(defaults).split("\n").filter((l) => /^ {2}--/.test(l));
  const parsed = rows.map((row) => {
    const m = /^ {2}(--[a-z-]+) <(n|value)> +\S.* \[default ([^;\]]+)(; [0-9.]+-[0-9.]+)?\]$/.exec(row);
    assert.ok(m, `help row ${JSON.stringify(row)}`);
    return parseSimulatorArgs([m[1]!, m[3]!]);
  });
  assert.deepEqual(Object.assign({}, ...parsed), defaults, "one row per option, showing the default in use");
  assert.equal(rows.length, Object.keys(SIMULATOR_DEFAULTS).length);
});

test("npm run simulator -- --help prints the help and exits 0", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "main.ts"), "--port", "1", "--help"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${simulatorHelp(resolveSimulatorOptions({ port: 8000 }))}\n`, "the command line's own defaults (port 8000)");
  assert.match(r.stdout, /^ {2}--port <n> +.*\[default 8000; 0-65535\]$/m);
});
