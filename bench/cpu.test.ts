import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { requireTool } from "../test/helpers/tools";
import { countCpu, cpuSeconds, parsePerfStat, parseProcStat } from "./cpu";

describe("parseProcStat", () => {
  it("reads utime and stime, even when the command name holds spaces and parentheses", () => {
    const line = "4242 (node (main) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 11 0 100 0 0";
    assert.deepEqual(parseProcStat(line), { user: 1234, system: 567 });
  });

  it("rejects what is not a stat line", () => {
    assert.throws(() => parseProcStat("hello"), /not a \/proc\/<pid>\/stat line/);
  });
});

describe("cpuSeconds", () => {
  it("grows while this process burns CPU", () => {
    const before = cpuSeconds(process.pid);
    const until = process.cpuUsage().user + 60_000;
    while (process.cpuUsage().user < until);
    assert.ok(cpuSeconds(process.pid) > before);
  });
});

describe("parsePerfStat", () => {
  it("reads task-clock and counted instructions from perf stat -x,", () => {
    assert.deepEqual(parsePerfStat("1523.42,msec,task-clock,1523420000,100.00,0.502,CPUs utilized\n4812345678,,instructions,1523420000,100.00,1.23,insn per cycle\n"),
      { taskClockMs: 1523.42, instructions: 4812345678 });
  });

  it("leaves out events the machine cannot count", () => {
    assert.deepEqual(parsePerfStat("250.63,msec,task-clock,250626435,100.00,0.244,CPUs utilized\n<not supported>,,instructions,0,100.00,,\n"), { taskClockMs: 250.63 });
  });
});

describe("countCpu", () => {
  it("counts with perf stat the CPU a process spends after it attached", async () => {
    requireTool("perf");
    // The child burns 400 ms of its own CPU (not wall time, so a loaded machine only makes it slower), reports,
    // and waits to be stopped: at most half of the burn can fall before perf attaches.
    const child = spawn(process.execPath, ["-e", "while (process.cpuUsage().user < 400000); console.log('done'); setInterval(() => {}, 1000);"], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const count = await countCpu(child.pid!);
      assert.equal(count.how, "perf", "perf stat could not count task-clock here");
      await once(child.stdout!, "data");
      const spent = await count.stop();
      assert.ok(spent.cpuMs > 50 && spent.cpuMs < 5000, `counted ${spent.cpuMs} ms`);
    } finally {
      child.kill();
    }
  });
});
