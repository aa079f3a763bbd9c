// Builds dist/: the ESM bundle with esbuild (each wasm build in its own lazily imported chunk), the .wasm files
// themselves (dist/wasm/<build>.wasm, exported as simdgrad/wasm/*.wasm for platforms that need a precompiled
// module), and .d.ts files with tsc. test/e2e/edge.node.test.ts calls buildDist() into a scratch directory.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Builds into `outdir`; `types: false` skips tsc (the slow part). */
export async function buildDist({ outdir = "dist", types = true } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: ["src/index.ts"],
    outdir,
    bundle: true,
    format: "esm",
    splitting: true,
    platform: "neutral",
    target: "es2022",
    minify: true,
    // module reprs and autograd error messages show class names (Linear, Mul…)
    keepNames: true,
    sourcemap: true,
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
  });
  // the same bytes the chunks embed (scripts/build-wasm.mjs writes both)
  mkdirSync(join(outdir, "wasm"), { recursive: true });
  for (const f of readdirSync("build").filter((f) => f.endsWith(".wasm"))) copyFileSync(join("build", f), join(outdir, "wasm", f));
  if (types) execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", join(outdir, "types")], { stdio: "inherit" });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildDist();
  console.log("dist/ built");
}
