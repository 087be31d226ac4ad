import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NvidiaSmiParseError, parseNvidiaSmiCsv } from "./nvidia-smi";

test("parses the fixture; [N/A] fields are absent", () => {
  assert.deepEqual(parseNvidiaSmiCsv(readFileSync(join(__dirname, "../../fixtures/nvidia-smi.csv"), "utf8")), [
    { gpu: "0", memoryUsedMb: 40536, memoryTotalMb: 81920, utilizationPct: 87, temperatureCelsius: 71 },
    { gpu: "1", memoryUsedMb: 1024, memoryTotalMb: 81920, utilizationPct: 0, temperatureCelsius: 34 },
    { gpu: "2", memoryTotalMb: 24576, temperatureCelsius: 45 },
  ]);
});

test("[Not Supported], CRLF and blank output", () => {
  assert.deepEqual(parseNvidiaSmiCsv("0, 1, 2, [Not Supported], 40\r\n\r\n"), [{ gpu: "0", memoryUsedMb: 1, memoryTotalMb: 2, temperatureCelsius: 40 }]);
  assert.deepEqual(parseNvidiaSmiCsv(""), []);
});

test("unreadable output names the line and column", () => {
  assert.throws(() => parseNvidiaSmiCsv("0, 1, 2, 3, 4\n1, 1, 2, 3"), (e: unknown) => e instanceof NvidiaSmiParseError && /line 2: expected 5/.test(e.message));
  assert.throws(() => parseNvidiaSmiCsv("0, lots, 2, 3, 4"), /line 1: memory.used = "lots" is not a number/);
  assert.throws(() => parseNvidiaSmiCsv("NVIDIA-SMI has failed, because, it, could, not"), /index = "NVIDIA-SMI has failed"/);
});
