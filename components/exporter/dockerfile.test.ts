import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { environmentDefaults } from "../../config";
import { IMAGES, isPinnedImage } from "../images";
import { EXPORTER_UID } from "./kubernetes";
import { AUDIT_LOG_DIR } from "./environment";
import { HEALTHCHECK_COMMAND, buildContextFiles, parseDockerignore } from "./image";
import { execForm, parseDockerfile, type DockerStage } from "./dockerfile";

/** The checkout: the build context of exporter/Dockerfile. */
const REPOSITORY_ROOT = join(__dirname, "..", "..");

const stages = parseDockerfile(readFileSync(join(REPOSITORY_ROOT, "exporter", "Dockerfile"), "utf8"));
const runtime = stages.at(-1)!;
const args = (stage: DockerStage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);

describe("exporter/Dockerfile", () => {
  it("is multi-stage, every stage on the pinned base from components/images.ts or an earlier stage", () => {
    assert.ok(stages.length >= 3, `expected deps, build and runtime stages, got ${stages.length}`);
    assert.ok(isPinnedImage(IMAGES.exporterBase));
    const names = new Set<string>();
    for (const s of stages) {
      assert.ok(s.from === IMAGES.exporterBase || names.has(s.from), `FROM ${s.from}: expected ${IMAGES.exporterBase} or an earlier stage`);
      if (s.name) names.add(s.name);
    }
    assert.equal(runtime.from, IMAGES.exporterBase, "the runtime stage starts clean, without build tooling");
  });

  it("runs the runtime stage as the non-root user the Kubernetes pod expects", () => {
    assert.deepEqual(args(runtime, "USER"), [`${EXPORTER_UID}:${EXPORTER_UID}`]);
    assert.match(args(runtime, "RUN").join(" "), new RegExp(`useradd --uid ${EXPORTER_UID}`));
  });

  it("copies only compiled JavaScript and production dependencies into the runtime stage", () => {
    const copies = args(runtime, "COPY");
    assert.ok(copies.length > 0);
    for (const c of copies) assert.match(c, /^--from=\S+ /, `runtime COPY ${c} must come from a build stage, not the source tree`);
    assert.ok(copies.some((c) => /\/exporter\/dist\/? /.test(c)), "compiled exporter copied");
    const depsStage = /^--from=(\S+) \S*node_modules/.exec(copies.find((c) => c.includes("node_modules")) ?? "")?.[1];
    const deps = stages.find((s) => s.name === depsStage);
    assert.ok(deps, "node_modules come from a named stage");
    assert.match(args(deps, "RUN").join(" "), /npm ci --workspace exporter --omit=dev/);
  });

  it("has the component's health check, the default port and the audit directory", () => {
    const [healthcheck] = args(runtime, "HEALTHCHECK");
    assert.ok(healthcheck, "HEALTHCHECK present");
    assert.deepEqual(execForm(healthcheck), HEALTHCHECK_COMMAND);
    assert.deepEqual(args(runtime, "EXPOSE"), [String(environmentDefaults("prod").exporter.port)]);
    assert.match(args(runtime, "ENV").join(" "), new RegExp(`AUDIT_LOG_DIR=${AUDIT_LOG_DIR}`));
    assert.equal(execForm(args(runtime, "ENTRYPOINT")[0]!)[0], "node");
  });

  it("copies into the build only what .dockerignore sends, and the context leaves out dependencies and tests", () => {
    const rules = parseDockerignore(readFileSync(join(REPOSITORY_ROOT, ".dockerignore"), "utf8"));
    const sources = stages.flatMap((s) => args(s, "COPY")).filter((c) => !c.startsWith("--from="))
      .flatMap((c) => c.split(" ").slice(0, -1)).map((p) => p.replace(/\/$/, ""));
    for (const src of sources) assert.ok(rules.include.some((i) => src === i || src.startsWith(`${i}/`)), `COPY ${src} is not in the .dockerignore allowlist`);
    const files = buildContextFiles(REPOSITORY_ROOT, rules);
    assert.ok(files.includes("exporter/Dockerfile") && files.some((f) => f.startsWith("catalog/")));
    for (const f of files) assert.doesNotMatch(f, /(^|\/)(node_modules|dist|\.git)\/|\.test\.ts$/, `${f} would be sent to the builder`);
  });
});

describe("parseDockerfile", () => {
  it("joins continuation lines and names stages", () => {
    const s = parseDockerfile("# c\nFROM a:1 AS one\nRUN x \\\n  && y\nFROM one\nCMD [\"z\"]\n");
    assert.deepEqual(s, [
      { from: "a:1", name: "one", instructions: [{ op: "RUN", args: "x && y" }] },
      { from: "one", name: undefined, instructions: [{ op: "CMD", args: "[\"z\"]" }] },
    ]);
  });

  it("rejects an instruction before FROM, naming it", () => {
    assert.throws(() => parseDockerfile("RUN x\n"), /RUN before the first FROM/);
  });
});
