import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse, stringify } from "yaml";

/**
 * Runs the real `promtool check config` on a rendered prometheus.yml, for tests and the render command.
 *
 * Debian builds Prometheus without Kubernetes discovery, so its promtool rejects `kubernetes_sd_configs` as an
 * unknown field. When the installed promtool is such a build, each `kubernetes_sd_configs` block is checked
 * here against the fields the upstream schema allows and then replaced by a static target, so promtool still
 * checks everything else (limits, relabelling, auth, alerting, remote_write, rule files).
 */

const SD_ROLES = ["endpoints", "endpointslice", "pod", "service", "node", "ingress"];
const SD_KEYS = ["role", "namespaces", "selectors", "api_server", "kubeconfig_file", "attach_metadata"];
const NAMESPACE_KEYS = ["own_namespace", "names"];

let kubernetesSdSupport: boolean | undefined;

/** Writes `files` (relative paths) into a fresh temporary directory, runs `promtool args...` there and removes it. */
function promtoolOn(files: Record<string, string>, args: (dir: string) => string[]): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "promtool-"));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const run = spawnSync("promtool", args(dir), { encoding: "utf8" });
    if (run.error) throw new Error(`promtool could not be run (${run.error.message}); it comes with Debian's prometheus package`);
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether the installed promtool knows `kubernetes_sd_configs` (upstream builds do, Debian's does not). */
export function promtoolHasKubernetesSd(): boolean {
  kubernetesSdSupport ??= promtoolOn(
    { "probe.yml": "scrape_configs:\n- job_name: probe\n  kubernetes_sd_configs: [{role: pod}]\n" },
    (dir) => ["check", "config", join(dir, "probe.yml")],
  ).status === 0;
  return kubernetesSdSupport;
}

function checkSdBlock(where: string, block: unknown): void {
  if (!Array.isArray(block) || block.length === 0) throw new Error(`${where}: expected a non-empty list`);
  for (const sd of block as Record<string, unknown>[]) {
    const unknown = Object.keys(sd).filter((k) => !SD_KEYS.includes(k));
    if (unknown.length > 0) throw new Error(`${where}: unknown fields ${unknown.join(", ")}`);
    if (!SD_ROLES.includes(String(sd.role))) throw new Error(`${where}: role ${JSON.stringify(sd.role)} is not one of ${SD_ROLES.join(", ")}`);
    const ns = (sd.namespaces ?? {}) as Record<string, unknown>;
    const unknownNs = Object.keys(ns).filter((k) => !NAMESPACE_KEYS.includes(k));
    if (unknownNs.length > 0) throw new Error(`${where}.namespaces: unknown fields ${unknownNs.join(", ")}`);
    if (ns.own_namespace !== undefined && typeof ns.own_namespace !== "boolean") throw new Error(`${where}.namespaces.own_namespace: expected a boolean`);
  }
}

function replaceSd(where: string, section: Record<string, unknown>): void {
  if (!("kubernetes_sd_configs" in section)) return;
  checkSdBlock(where, section.kubernetes_sd_configs);
  delete section.kubernetes_sd_configs;
  section.static_configs = [{ targets: ["kubernetes-sd.invalid:80"] }];
}

/** The config as the installed promtool can check it (unchanged when it knows Kubernetes discovery). */
export function forInstalledPromtool(text: string): string {
  if (promtoolHasKubernetesSd()) return text;
  const doc = parse(text) as Record<string, any>;
  (doc.scrape_configs ?? []).forEach((s: Record<string, unknown>, i: number) => replaceSd(`scrape_configs[${i}]`, s));
  (doc.alerting?.alertmanagers ?? []).forEach((a: Record<string, unknown>, i: number) => replaceSd(`alerting.alertmanagers[${i}]`, a));
  return stringify(doc);
}

/**
 * Writes prometheus.yml and its rule files (paths relative to it, e.g. `rules/llm.yml`) into a fresh directory
 * and runs `promtool check config` on it. Throws with promtool's output when it fails; returns it otherwise.
 */
export function promtoolCheckConfig(config: string, ruleFiles: Record<string, string>): string {
  const run = promtoolOn({ ...ruleFiles, "prometheus.yml": forInstalledPromtool(config) }, (dir) => ["check", "config", join(dir, "prometheus.yml")]);
  if (run.status !== 0) throw new Error(`promtool check config failed:\n${run.output}`);
  return run.output;
}
