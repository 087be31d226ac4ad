// Regenerates docs/runbooks.md from the alert definitions: `npx tsx alerts/write-runbooks.ts`.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRunbooks } from "./runbooks";

const target = join(__dirname, "..", "docs", "runbooks.md");
writeFileSync(target, renderRunbooks());
console.log(`wrote ${target}`);
