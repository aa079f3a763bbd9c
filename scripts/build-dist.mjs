// Builds dist/: one minified ES module per source file (so an app's bundler keeps only the modules it imports —
// package.json "sideEffects"; each wasm build is its own lazily imported module dist/backend/wasm/<build>.js), the same
// library as one module for Node and Deno (dist/node/index.js, package.json's "node" condition: a runtime loading ~100
// files one by one spends ~30 ms of a cold start on it, the bundle ~9 ms; the wasm builds stay lazily imported
// chunks), the .wasm files themselves (dist/wasm/<build>.wasm, exported as simdgrad/wasm/*.wasm for platforms that
// need a precompiled module), and .d.ts files with tsc. test/e2e/edge.node.test.ts calls buildDist() into a scratch
// directory and runs the Node bundle.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Builds into `outdir`; `types: false` skips tsc (the slow part). */
export async function buildDist({ outdir = "dist", types = true } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: readdirSync("src", { recursive: true }).filter((f) => f.endsWith(".ts")).map((f) => join("src", f)),
    outdir,
    // bundle only to rewrite each relative import to its .js module, kept external
    bundle: true,
    plugins: [{
      name: "modules",
      setup: (b) => b.onResolve({ filter: /^\./ }, (a) => (a.kind === "entry-point" ? undefined : { path: `${a.path}.js`, external: true })),
    }],
    format: "esm",
    platform: "neutral",
    target: "es2022",
    minify: true,
    // no keepNames: reprs and error messages take class names from their explicit typeName (className in src/tensor.ts)
    sourcemap: true,
    logLevel: "warning",
  });
  await build({
    entryPoints: { index: "src/index.ts" },
    outdir: join(outdir, "node"),
    bundle: true,
    splitting: true,
    chunkNames: "[name]-[hash]",
    format: "esm",
    platform: "neutral",
    target: "es2022",
    minify: true,
    sourcemap: true,
    logLevel: "warning",
  });
  copyPoolWorker(outdir);
  // the same bytes the chunks embed (scripts/build-wasm.mjs writes both)
  mkdirSync(join(outdir, "wasm"), { recursive: true });
  for (const f of readdirSync("build").filter((f) => f.endsWith(".wasm"))) copyFileSync(join("build", f), join(outdir, "wasm", f));
  if (types) execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", join(outdir, "types")], { stdio: "inherit" });
}

/**
 * Puts the thread pool's worker script (plain JS, no imports) beside each .js file under `outdir` that loads it relative
 * to its own import.meta.url (src/backend/pool.ts): for any esbuild output that bundles simdgrad.
 */
export function copyPoolWorker(outdir) {
  const source = join(dirname(fileURLToPath(import.meta.url)), "../src/backend/simdgrad-worker.js");
  const loaders = readdirSync(outdir, { recursive: true }).map(String)
    .filter((f) => f.endsWith(".js") && !f.endsWith("simdgrad-worker.js") && readFileSync(join(outdir, f), "utf8").includes("simdgrad-worker.js"));
  if (loaders.length === 0) throw new Error(`copyPoolWorker: no output in ${outdir} refers to simdgrad-worker.js (src/backend/pool.ts)`);
  for (const f of loaders) copyFileSync(source, join(outdir, dirname(f), "simdgrad-worker.js"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildDist();
  console.log("dist/ built");
}
