// Node 20 keeps relaxed SIMD behind a V8 flag that simdgrad turns on (src/backend/features.ts): in a fresh process the
// relaxed build is chosen, unless the process was started with an explicit choice about that flag, which is respected.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";

let dir = "";
let main = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "simdgrad-relaxed-"));
  await build({ entryPoints: [resolve("src/index.ts")], outfile: join(dir, "index.js"), bundle: true, format: "esm", platform: "neutral", logLevel: "silent" });
  main = join(dir, "main.mjs");
  writeFileSync(main, `const s = await import(${JSON.stringify(pathToFileURL(join(dir, "index.js")).href)});
const isas = s.supportedIsas();
const { isa } = await s.init({ threads: 1 });
const y = s.tensor([1, 2, 3, 4], [2, 2]).matmul(s.tensor([5, 6, 7, 8], [2, 2])).dataSync();
console.log(JSON.stringify({ isas, isa, y: Array.from(y) }));\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(execArgv: string[]) {
  const r = spawnSync(process.execPath, [...execArgv, main], { encoding: "utf8", timeout: 30_000 });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}

test("a plain Node process runs the relaxed build", () => {
  expect(run([])).toEqual({ isas: ["relaxed", "simd", "scalar"], isa: "relaxed", y: [19, 22, 43, 50] });
});

test("--no-experimental-wasm-relaxed-simd is respected where the flag exists", () => {
  const got = run(["--no-experimental-wasm-relaxed-simd"]);
  // Node 20 (V8 11.3): the flag still gates the feature; later V8s shipped it and ignore the flag
  expect(got.isas).toEqual(process.versions.v8.startsWith("11.3.") ? ["simd", "scalar"] : ["relaxed", "simd", "scalar"]);
  expect(got.y).toEqual([19, 22, 43, 50]);
});
