import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { requireTool, TOOLS, type Tool } from "./helpers/tools";

const root = join(__dirname, "..");
const packages = [...new Set(Object.values(TOOLS))].sort();

test("every program the tests run is installed (a missing one names its Debian package)", () => {
  const missing = (Object.keys(TOOLS) as Tool[]).flatMap((tool) => {
    try {
      requireTool(tool);
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  });
  assert.deepEqual(missing, []);
});

test("requireTool fails at once with the program and the package to install", () => {
  assert.equal(requireTool("python3", process.execPath), process.execPath, "an absolute path is taken as is");
  assert.throws(() => requireTool("nginx", "/nonexistent/nginx"), /^Error: \/nonexistent\/nginx not found: install Debian's nginx package \(`apt-get install -y nginx`; \.ci\/run does\)$/);
  assert.throws(() => requireTool("hey", "hey-not-installed"), /hey-not-installed \(not on PATH nor in \/usr\/sbin, \/sbin\) not found: install Debian's hey package/);
});

test(".ci/run installs the package of every program the tests run", () => {
  const script = readFileSync(join(root, ".ci", "run"), "utf8");
  const list = /^tools=\(([^)]*)\)/m.exec(script);
  assert.ok(list, ".ci/run has a tools=(command:package ...) list");
  const pairs = list[1]!.trim().split(/\s+/).map((p) => p.split(":") as [string, string]);
  assert.deepEqual(Object.fromEntries(pairs), TOOLS);
});

test("the README's quick start installs the same packages", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const install = /^apt-get install -y (.+)$/m.exec(readme);
  assert.ok(install, "the README has an `apt-get install -y ...` line");
  assert.deepEqual(install[1]!.trim().split(/\s+/).sort(), packages);
});
