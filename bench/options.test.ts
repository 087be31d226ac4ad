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
    assert.throws(() => parseBenchArgs(["--fast"]), /unknown argument "--fast"; allowed: --quick, --seconds <n>, --exporter, --scale/);
    assert.throws(() => parseBenchArgs(["--exporter", "--scale"]), /--exporter and --scale: pick one/);
    assert.throws(() => parseBenchArgs(["--models", "100,10"]), /--models 100,10: expected ascending sizes/);
    assert.throws(() => parseBenchArgs(["--models", "ten"]), /--models ten: expected an integer from 1 to 1000/);
    assert.throws(() => parseBenchArgs(["--instances", "0"]), /--instances 0: expected an integer from 1 to 20/);
  });

  it("--exporter measures only the exporter, the full run both parts", () => {
    assert.deepEqual([parseBenchArgs([]).exporter, parseBenchArgs([]).rules], [true, true]);
    assert.deepEqual([parseBenchArgs(["--exporter"]).exporter, parseBenchArgs(["--exporter"]).rules], [true, false]);
    assert.deepEqual([parseBenchArgs(["--scale"]).exporter, parseBenchArgs(["--scale"]).rules], [false, true]);
  });

  it("measures rules at 100 x 4 after the exporter; --scale measures only rules, at 10, 100 and 300 models", () => {
    assert.deepEqual(parseBenchArgs([]).scale.models, [100]);
    assert.equal(parseBenchArgs([]).exporter, true);
    const scale = parseBenchArgs(["--scale"]);
    assert.equal(scale.exporter, false);
    assert.deepEqual(scale.scale.models, [10, 100, 300]);
    assert.equal(scale.scale.instances, 4);
    assert.deepEqual(parseBenchArgs(["--scale", "--models", "20,50", "--instances", "2"]).scale, { ...scale.scale, models: [20, 50], instances: 2 });
  });
});
