import { access, constants } from "node:fs/promises";
import { delimiter, isAbsolute, join, sep } from "node:path";

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The executable a command name or path refers to, like a shell would find it (a name with a slash is
 * a path; a bare name is looked up on PATH), or undefined when there is none.
 */
export async function findExecutable(command: string, pathEnv: string = process.env.PATH ?? ""): Promise<string | undefined> {
  if (isAbsolute(command) || command.includes(sep) || command.includes("/")) return (await isExecutable(command)) ? command : undefined;
  for (const dir of pathEnv.split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, command);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}
