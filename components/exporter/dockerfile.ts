/** One instruction of a Dockerfile: `COPY --from=build /a b` -> `{ op: "COPY", args: "--from=build /a b" }`. */
export interface DockerInstruction {
  /** Upper-case instruction name. */
  op: string;
  /** Everything after the name, continuation lines joined. */
  args: string;
}

/** One build stage: its base (an image or an earlier stage), its name, and its instructions after FROM. */
export interface DockerStage {
  /** What the stage starts from: an image reference or an earlier stage's name. */
  from: string;
  /** The `AS` name; undefined for an unnamed stage. */
  name: string | undefined;
  instructions: DockerInstruction[];
}

/**
 * Splits a Dockerfile into stages and instructions, enough to check what an image is built from and runs
 * (there is no Docker engine on CI machines to build it). Comments, blank lines and parser directives are dropped.
 */
export function parseDockerfile(text: string): DockerStage[] {
  const logical = text.replace(/\\\r?\n/g, " ").split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${JSON.stringify(line)}: expected INSTRUCTION arguments`);
    const op = m[1]!.toUpperCase();
    const args = m[2]!.replace(/\s+/g, " ");
    if (op === "FROM") {
      const from = /^(?:--platform=\S+ )?(\S+)(?: AS (\S+))?$/i.exec(args);
      if (!from) throw new Error(`Dockerfile FROM ${JSON.stringify(args)}: expected FROM <image> [AS <name>]`);
      stages.push({ from: from[1]!, name: from[2], instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (stage === undefined) throw new Error(`Dockerfile ${op} before the first FROM`);
      stage.instructions.push({ op, args });
    }
  }
  return stages;
}

/** The JSON (exec form) command of `CMD`, `ENTRYPOINT` or `HEALTHCHECK ... CMD [...]` arguments. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf("["));
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === "string")) throw new Error(`${JSON.stringify(args)}: expected a JSON array of strings`);
  return parsed;
}
