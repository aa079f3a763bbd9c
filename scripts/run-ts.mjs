// Runs a TypeScript entry (an example or a benchmark) in Node: bundles it with esbuild, resolving "simdgrad" to src/.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-ts.mjs <file.ts> [args…]");
  process.exit(2);
}
mkdirSync(".cache", { recursive: true });
const outfile = resolve(".cache", basename(entry).replace(/\.ts$/, ".mjs"));
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  alias: { simdgrad: resolve("src/index.ts") },
  keepNames: true,
  sourcemap: "inline",
  logLevel: "warning",
});
// the thread pool's worker script sits beside the bundle (src/backend/pool.ts loads it relative to its module)
copyFileSync("src/backend/simdgrad-worker.js", resolve(".cache", "simdgrad-worker.js"));
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(outfile).href);
