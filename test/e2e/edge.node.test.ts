// The package as edge platforms use it: dist/ built by scripts/build-dist.mjs ships every build as a .wasm file,
// exported as simdgrad/wasm/*.wasm; a consumer that compiles one into a WebAssembly.Module and passes it to
// init({ module }) trains exactly like the embedded build, with code generation from strings disallowed.
// (The same pattern in a worker that may not compile wasm at all, every build: test/platform/workers.node.test.ts.)
// "simdgrad" resolves through package.json's "node" condition to the one-module build dist/node/index.js.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { expect, test } from "vitest";
import { buildDist } from "../../scripts/build-dist.mjs";
import expected from "../train/determinism.json";

const PKG = resolve(".cache/e2e/edge-pkg");
// the core builds (an MLP needs no extension module: src/backend/runtime.ts)
const BUILDS = readdirSync("build").filter((f) => f.endsWith(".wasm") && !f.includes("-ext")).map((f) => f.replace(/\.wasm$/, "")).sort();

test("simdgrad/wasm/<build>.wasm → init({ module }) for every build Node can compile, under --disallow-code-generation-from-strings", async () => {
  const home = join(PKG, "node_modules/simdgrad");
  mkdirSync(home, { recursive: true });
  copyFileSync("package.json", join(home, "package.json"));
  // its own package scope: inside the repository, "simdgrad" would resolve to the repository itself (self-reference)
  writeFileSync(join(PKG, "package.json"), JSON.stringify({ name: "edge-consumer", private: true, type: "module" }));
  await buildDist({ outdir: join(home, "dist"), types: false });
  for (const b of BUILDS) expect(readFileSync(join(home, "dist/wasm", `${b}.wasm`)).equals(readFileSync(`build/${b}.wasm`)), b).toBe(true);
  await build({
    entryPoints: ["test/e2e/edge-consumer.ts"], outfile: join(PKG, "consumer.mjs"), bundle: true, format: "esm", platform: "node",
    target: "node20", external: ["simdgrad"], logLevel: "warning",
  });
  const out = JSON.parse(execFileSync(process.execPath, ["--disallow-code-generation-from-strings", "consumer.mjs", ...BUILDS], { cwd: PKG, encoding: "utf8" }));
  expect(out.eval).toBe("EvalError: Code generation from strings disallowed for this context");
  expect(out.entry).toBe(`file://${home}/dist/node/index.js`);
  expect(out.threads).toBe(2);
  expect(out.embedded.simd).toEqual(expected.losses);
  for (const b of BUILDS) {
    const r = out.shipped[b], isa = b.replace(/-mt$/, "");
    expect(r.url).toBe(`file://${home}/dist/wasm/${b}.wasm`);
    if (!out.isas.includes(isa)) {
      expect(r.compileError, `${b} cannot compile here (Node 20 has no relaxed SIMD)`).toMatch(/^CompileError: WebAssembly\.Module\(\)/);
      continue;
    }
    expect(r).toEqual({ url: r.url, isa, sharedMemory: b.endsWith("-mt"), losses: out.embedded[isa] });
  }
  expect(Object.values(out.shipped).filter((r: any) => r.losses).length).toBeGreaterThanOrEqual(4);
}, 60_000);
