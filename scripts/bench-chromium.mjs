// Runs a benchmark entry in headless Chromium on a cross-origin-isolated page (threads possible): bundles it with esbuild
// ("simdgrad" → src/), puts the pool's worker script beside it and prints what the page logs.
// Usage: node scripts/bench-chromium.mjs bench/x.ts
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { copyPoolWorker } from "./build-dist.mjs";
import { startChromium } from "./test-chromium.mjs";

const entry = process.argv[2];
if (!entry) {
  console.error("usage: node scripts/bench-chromium.mjs <bench entry .ts>");
  process.exit(2);
}
const dir = resolve(".cache/bench-chromium");
mkdirSync(dir, { recursive: true });
// the test server serves the bundle as tests.js
await build({ entryPoints: [entry], outfile: resolve(dir, "tests.js"), bundle: true, format: "esm", platform: "browser",
  target: "es2022", keepNames: true, alias: { simdgrad: resolve("src/index.ts") }, logLevel: "warning" });
copyPoolWorker(dir);
const browser = await startChromium(dir, { mark: "\u0000simdgrad-bench:" });
try {
  const { errors, output } = await browser.run(true, 30 * 60_000);
  for (const line of output) console.log(line);
  if (errors.length) {
    console.error(errors.join("\n"));
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
