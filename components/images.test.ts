import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { IMAGES, imageTag, isPinnedImage } from "./images";

describe("pinned images", () => {
  it("pins every image of the stack to an exact version", () => {
    for (const [name, image] of Object.entries(IMAGES)) assert.ok(isPinnedImage(image), `${name}: ${image}`);
  });

  it("defaults Kubernetes stacks to the exporter image of this release (release.yml tags it with the package version)", () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { version: string };
    assert.equal(imageTag(IMAGES.exporter), version);
    const workflow = readFileSync(join(__dirname, "..", ".github", "workflows", "release.yml"), "utf8");
    assert.ok(workflow.includes(`tags: ${IMAGES.exporter.replace(/:[^:]+$/, "")}:\${{ env.VERSION }}`), "release.yml pushes another repository");
  });

  it("tells pinned references from floating ones", () => {
    for (const ok of ["prom/prometheus:v2.55.1", "registry:5000/team/app:1.2", `x@sha256:${"a".repeat(64)}`]) assert.ok(isPinnedImage(ok), ok);
    for (const bad of ["prom/prometheus", "prom/prometheus:latest", "registry:5000/app", "nginx:stable"]) assert.ok(!isPinnedImage(bad), bad);
  });

  it("reads the tag of a reference", () => {
    assert.equal(imageTag("prom/prometheus:v2.55.1"), "v2.55.1");
    assert.equal(imageTag("registry:5000/app"), "");
  });
});
