// `npm run diff -- --stack <name> [--base <git ref>] [--stack-file <file>]`: what a change deploys, without a
// Pulumi backend. Renders the stack at the base ref (in a temporary git worktree) and in the working tree, and
// prints a per-file diff of the two bundles: config files by path, Kubernetes objects by kind and name.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";

const root = resolve(__dirname, "..");

function fail(message: string): never {
  process.stderr.write(`diff: ${message}\n`);
  process.exit(2);
}

function git(args: string[], cwd = root): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.error) fail(`git is needed: ${r.error.message}`);
  if (r.status !== 0) fail(`git ${args.join(" ")}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listFiles(p).map((x) => join(f, x)) : [f];
  });
}

/** Renders `stack` from the checkout at `cwd` into `out`; false when that checkout has no such stack. */
function render(cwd: string, stack: string, out: string, stackFile?: string): boolean {
  if (!stackFile && !existsSync(join(cwd, "stacks", `Pulumi.${stack}.yaml`))) return false;
  const r = spawnSync(process.execPath, ["--import", "tsx", join(cwd, "render", "cli.ts"), "--stack", stack, "--out", out, ...(stackFile ? ["--stack-file", stackFile] : [])], { cwd, encoding: "utf8" });
  if (r.status !== 0) fail(`rendering ${stack} in ${cwd} failed:\n${r.stderr || r.stdout}`);
  return true;
}

/**
 * The base checkout needs dependencies to render: the working tree's node_modules folders (the root one and those
 * of workspaces one level down) are linked into it. A base whose lock file differs still renders with today's
 * packages, which is what a reviewer compares against anyway.
 */
function linkDependencies(worktree: string): void {
  const dirs = ["", ...readdirSync(root).filter((d) => !d.startsWith(".") && d !== "node_modules" && existsSync(join(root, d, "node_modules")))];
  for (const d of dirs) {
    const from = join(root, d, "node_modules");
    const to = join(worktree, d, "node_modules");
    if (existsSync(from) && existsSync(join(worktree, d)) && !existsSync(to)) symlinkSync(from, to, "dir");
  }
}

/** How a bundle file is named in the diff: Kubernetes objects by kind and name, the rest by path. */
export function describeFile(path: string, content: string): string {
  if (path.startsWith("kubernetes/")) {
    try {
      const o = parse(content) as { kind?: string; metadata?: { name?: string } };
      if (o?.kind) return `Kubernetes ${o.kind} ${o.metadata?.name ?? "(auto-named)"} (${path})`;
    } catch {
      // Fall back to the path.
    }
  }
  const docker = /^docker\/(\w+)-(.+)\.yaml$/.exec(path);
  if (docker) return `Docker ${docker[1]} ${docker[2]} (${path})`;
  return path;
}

/** The unified diff hunks of two files (git's line diff), without git's file header. */
function hunks(a: string, b: string): string {
  const r = spawnSync("git", ["diff", "--no-index", "--no-color", "-U3", "--", a, b], { encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) fail(`git diff --no-index failed: ${r.stderr}`);
  const lines = r.stdout.split("\n");
  const first = lines.findIndex((l) => l.startsWith("@@"));
  return first === -1 ? "" : lines.slice(first).join("\n").trimEnd();
}

/** The readable diff of two rendered bundles. resources.json is left out: every change in it shows in a file above. */
export function diffBundles(baseDir: string, headDir: string): { text: string; changed: number } {
  const paths = [...new Set([...listFiles(baseDir), ...listFiles(headDir)])].filter((p) => p !== "resources.json").sort();
  const out: string[] = [];
  let changed = 0;
  for (const p of paths) {
    const a = join(baseDir, p);
    const b = join(headDir, p);
    const before = existsSync(a) ? readFileSync(a, "utf8") : undefined;
    const after = existsSync(b) ? readFileSync(b, "utf8") : undefined;
    if (before === after) continue;
    changed++;
    const state = before === undefined ? "added" : after === undefined ? "removed" : "changed";
    out.push(`=== ${state}: ${describeFile(p, (after ?? before)!)}`, hunks(before === undefined ? "/dev/null" : a, after === undefined ? "/dev/null" : b), "");
  }
  return { text: out.join("\n"), changed };
}

function main(): void {
  const { values } = parseArgs({ options: { stack: { type: "string" }, base: { type: "string" }, "stack-file": { type: "string" } } });
  const stack = values.stack ?? fail("--stack is required (local, dev, staging or prod)");
  const base = values.base ?? "HEAD";
  const sha = git(["rev-parse", "--verify", "--quiet", `${base}^{commit}`]);
  const tmp = mkdtempSync(join(tmpdir(), `llmobs-diff-${stack}-`));
  const worktree = join(tmp, "base");
  try {
    git(["worktree", "add", "--detach", "--quiet", worktree, sha]);
    linkDependencies(worktree);
    const existed = render(worktree, stack, join(tmp, "before"));
    render(root, stack, join(tmp, "after"), values["stack-file"] && resolve(values["stack-file"]));
    const { text, changed } = diffBundles(join(tmp, "before"), join(tmp, "after"));
    const head = `stack ${stack}: bundle at ${base} (${sha.slice(0, 12)})${existed ? "" : " (no such stack there)"} -> working tree`;
    process.stdout.write(changed === 0 ? `${head}\nno changes\n` : `${head}\n\n${text}\n${changed} file(s) changed\n`);
  } finally {
    spawnSync("git", ["worktree", "remove", "--force", worktree], { cwd: root });
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) main();
