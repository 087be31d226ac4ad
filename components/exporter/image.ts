import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Repository of the exporter image, under `exporter.image.registry` when one is configured. */
export const EXPORTER_IMAGE_REPOSITORY = "llmobs-exporter";


/**
 * The container health check, run inside the image: the slim base has no curl, so node's fetch probes /healthz.
 * exporter/Dockerfile's HEALTHCHECK carries the same command (a test keeps the two equal).
 */
export const HEALTHCHECK_COMMAND: readonly string[] = [
  "node",
  "-e",
  "fetch('http://127.0.0.1:' + (process.env.LLMOBS_PORT || 9464) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))",
];

/** What `.dockerignore` sends to the builder: the allowlisted paths, and basename globs excluded inside them. */
export interface BuildContextRules {
  /** Paths relative to the context root (`catalog`, `package.json`), from the `!` lines. */
  include: string[];
  /** Basename patterns (`node_modules`, `*.test.ts`), from the `**\/<pattern>` lines. */
  exclude: RegExp[];
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);
}

/** Parses the allowlist-style `.dockerignore` this repository uses (`*`, then `!path` and `**\/pattern` lines). */
export function parseDockerignore(text: string): BuildContextRules {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  return {
    include: lines.filter((l) => l.startsWith("!")).map((l) => l.slice(1).replace(/\/+$/, "")),
    exclude: lines.filter((l) => l.startsWith("**/")).map((l) => globToRegExp(l.slice(3))),
  };
}

/** Every file of the build context under `root`, as sorted relative paths. */
export function buildContextFiles(root: string, rules: BuildContextRules): string[] {
  const out: string[] = [];
  const visit = (path: string): void => {
    const name = path.split("/").pop() ?? path;
    if (rules.exclude.some((re) => re.test(name))) return;
    const full = join(root, path);
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full)) visit(`${path}/${entry}`);
    } else {
      out.push(relative(root, full));
    }
  };
  for (const path of rules.include) visit(path);
  return out.sort();
}

/**
 * The image tag: package version plus a digest of the build context. Any source change gives a new tag, so the
 * Deployment's pod template changes and Kubernetes rolls the pods; the same sources always give the same tag.
 */
export function exporterImageTag(root: string): string {
  const rules = parseDockerignore(readFileSync(join(root, ".dockerignore"), "utf8"));
  const hash = createHash("sha256");
  for (const file of buildContextFiles(root, rules)) hash.update(file).update("\0").update(readFileSync(join(root, file))).update("\0");
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  return `${version}-${hash.digest("hex").slice(0, 12)}`;
}

/** `ghcr.io/acme/llmobs-exporter:<tag>`, or `llmobs-exporter:<tag>` for a local-only image. */
export function exporterImageRef(registry: string | undefined, tag: string): string {
  return `${registry === undefined ? "" : `${registry}/`}${EXPORTER_IMAGE_REPOSITORY}:${tag}`;
}
