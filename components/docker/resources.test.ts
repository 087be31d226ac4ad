import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { containerLimits, cpus, memoryMb } from ".";

describe("docker resource mapping", () => {
  it("converts Kubernetes memory quantities to MiB, rounding up", () => {
    assert.equal(memoryMb("512Mi"), 512);
    assert.equal(memoryMb("4Gi"), 4096);
    assert.equal(memoryMb("1G"), 954);
    assert.equal(memoryMb("1.5Gi"), 1536);
    assert.equal(memoryMb("1000Ki"), 1);
  });

  it("converts CPU quantities to Docker's decimal cpus", () => {
    assert.equal(cpus("500m"), "0.5");
    assert.equal(cpus("2"), "2");
    assert.equal(cpus("1.5"), "1.5");
  });

  it("enforces the limits and reserves the requested memory", () => {
    const r = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } };
    assert.deepEqual(containerLimits(r), { memory: 512, memoryReservation: 128, cpus: "0.5" });
  });

  it("names the bad quantity and the allowed form", () => {
    assert.throws(() => memoryMb("lots"), /memory quantity "lots": expected a quantity like 512Mi or 4Gi/);
    assert.throws(() => cpus("2Gi"), /cpu quantity "2Gi": expected a quantity like 500m or 2/);
  });
});
