// Builds dist/: the ESM bundle with esbuild (each wasm build in its own lazily imported chunk) and .d.ts files with tsc.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: ["src/index.ts"],
  outdir: "dist",
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
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
console.log("dist/ built");
