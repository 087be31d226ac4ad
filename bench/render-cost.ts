// `tsx bench/render-cost.ts <series> <repeats>`: prints one RenderCost as JSON (see renderCostInChild).
import { renderCost } from "./scrape";

const [series, repeats] = process.argv.slice(2).map(Number);
if (!Number.isInteger(series) || !Number.isInteger(repeats) || series! < 1 || repeats! < 1) {
  process.stderr.write("usage: render-cost.ts <series> <repeats> (positive integers)\n");
  process.exit(2);
}
renderCost(series!, repeats!).then((cost) => process.stdout.write(`${JSON.stringify(cost)}\n`));
