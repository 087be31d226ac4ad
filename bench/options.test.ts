import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseBenchArgs } from "./options";

describe("parseBenchArgs", () => {
  it("runs the full benchmark by default and the smoke run with --quick", () => {
    assert.equal(parseBenchArgs([]).quick, false);
    assert.ok(parseBenchArgs([]).seconds > parseBenchArgs(["--quick"]).seconds);
    assert.equal(parseBenchArgs(["--quick"]).quick, true);
  });

  it("takes --seconds for every load run", () => {
    assert.equal(parseBenchArgs(["--quick", "--seconds", "3"]).seconds, 3);
  });

  it("names a bad value or flag and what is allowed", () => {
    assert.throws(() => parseBenchArgs(["--seconds", "0"]), /--seconds 0: expected an integer number of seconds from 1 to 600/);
    assert.throws(() => parseBenchArgs(["--seconds"]), /--seconds \(missing\)/);
    assert.throws(() => parseBenchArgs(["--fast"]), /unknown argument "--fast"; allowed: --quick, --seconds <n>/);
  });
});
