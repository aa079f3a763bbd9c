// Runs a benchmark entry in Deno: bundles it with esbuild ("simdgrad" → src/), puts the thread pool's worker script
// beside the bundle and runs it with read access to that one file. Usage: node scripts/bench-deno.mjs bench/x.ts
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { copyPoolWorker } from "./build-dist.mjs";

const entry = process.argv[2];
if (!entry) {
  console.error("usage: node scripts/bench-deno.mjs <bench entry .ts>");
  process.exit(2);
}
const dir = resolve(".cache/bench-deno");
mkdirSync(dir, { recursive: true });
await build({ entryPoints: [entry], outfile: resolve(dir, "bench.js"), bundle: true, format: "esm", platform: "neutral",
  target: "es2022", keepNames: true, alias: { simdgrad: resolve("src/index.ts") }, logLevel: "warning" });
copyPoolWorker(dir);
const r = spawnSync(resolve("node_modules/.bin/deno"), ["run", "--no-config", "--no-lock", "--no-npm", "--no-remote", "--no-prompt",
  `--allow-read=${resolve(dir, "simdgrad-worker.js")}`, resolve(dir, "bench.js")], { stdio: "inherit", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
process.exit(r.status ?? 1);
