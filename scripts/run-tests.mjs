// Runs every *.test.ts in the repository with node's test runner (Node 20's --test takes no globs).
// Extra arguments narrow the run to files whose path contains one of them: `npm test -- exporter/`.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";

const root = process.cwd();
const skip = new Set(["node_modules", "out", ".git", "dist", ".bench"]);
function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (skip.has(e.name)) return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? find(p) : e.name.endsWith(".test.ts") ? [relative(root, p)] : [];
  });
}
const filters = process.argv.slice(2);
const files = find(root).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(" ")}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
