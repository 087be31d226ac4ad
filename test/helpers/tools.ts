import { accessSync, constants } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/**
 * Every program outside Node.js that a test runs, with the Debian package that installs it. `.ci/run` installs
 * these packages and the README's quick start lists them; test/tools.test.ts keeps all three in step.
 */
export const TOOLS = {
  promtool: "prometheus",
  prometheus: "prometheus",
  amtool: "prometheus-alertmanager",
  "prometheus-alertmanager": "prometheus-alertmanager",
  nginx: "nginx",
  wrk: "wrk",
  hey: "hey",
  openssl: "openssl",
  python3: "python3",
  "prometheus-node-exporter": "prometheus-node-exporter",
  curl: "curl",
  perf: "linux-perf",
  callgrind_control: "valgrind",
} as const;

export type Tool = keyof typeof TOOLS;

// Debian puts nginx in /usr/sbin, which is on root's PATH but often not on a user's.
const EXTRA_DIRS = ["/usr/sbin", "/sbin"];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where `tool` is (a path, or a name looked up on PATH and then in /usr/sbin). Throws one line naming the
 * program and the Debian package to install, so a test (or the demo) without its tool fails at once instead of
 * hanging on a process that never started. Call it before spawning, in the test or its `before()`.
 */
export function requireTool(tool: Tool, path: string = tool): string {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  const found = isAbsolute(path) ? (executable(path) ? path : undefined) : dirs.map((d) => join(d, path)).find(executable);
  if (found === undefined) {
    const where = isAbsolute(path) ? path : `${path} (not on PATH nor in ${EXTRA_DIRS.join(", ")})`;
    throw new Error(`${where} not found: install Debian's ${TOOLS[tool]} package (\`apt-get install -y ${TOOLS[tool]}\`; .ci/run does)`);
  }
  return found;
}
