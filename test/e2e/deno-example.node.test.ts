// examples/deno/train.ts in Deno, with only the permissions its header names: trains with fit() (one progress line per
// epoch when stdout is a pipe), saves a checkpoint with Deno.writeFile, which loads in Node with the right weights.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, test } from "vitest";
import { init, io } from "simdgrad";
import { buildDist } from "../../scripts/build-dist.mjs";

const DIR = resolve(".cache/e2e/deno-example");

test("examples/deno/train.ts trains, reports progress and writes a safetensors checkpoint", async () => {
  // the example's import map points "simdgrad" at dist/; here at a fresh build of it, so the test never sees a stale dist
  expect(JSON.parse(readFileSync("examples/deno/deno.json", "utf8"))).toEqual({ imports: { simdgrad: "../../dist/index.js" } });
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  await buildDist({ outdir: join(DIR, "dist"), types: false });
  writeFileSync(join(DIR, "deno.json"), JSON.stringify({ imports: { simdgrad: "./dist/index.js" } }));
  const out = join(DIR, "model.safetensors");
  const stdout = execFileSync(resolve("node_modules/.bin/deno"), [
    "run", "--no-lock", "--no-npm", "--no-remote", "--no-prompt", "--config", join(DIR, "deno.json"),
    "--allow-read=data/fashion-mnist", `--allow-write=${out}`, "examples/deno/train.ts", "--epochs", "1", "--out", out,
  ], { encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PACKAGE_JSON: "1", DENO_DIR: resolve(".cache/deno"), NO_COLOR: "1" } });
  console.log(stdout);
  const lines = stdout.trim().split("\n");
  expect(lines[0]).toBe("simdgrad in Deno: relaxed build, shared memory");
  expect(stdout).toContain("├─ 0 (Linear)   [64, 128]      100,480\n");
  expect(stdout).toContain("Total params: 101,770\n");
  expect(stdout).toMatch(/\nepoch 1\/1 \[█{24}\] 157\/157 loss 0\.\d{4} accuracy 0\.\d{4} val loss 0\.\d{4} val accuracy 0\.\d{4} \d+ samples\/s \d+:\d\d\n/);
  const acc = Number(/test accuracy after 1 epoch: (\d+\.\d)%/.exec(stdout)?.[1]);
  expect(acc).toBeGreaterThan(70);
  expect(lines[lines.length - 1]).toBe(`saved ${out} (407432 bytes): 0.weight, 0.bias, 2.weight, 2.bias`);

  await init();
  const bytes = readFileSync(out);
  expect(io.loadSafetensorsMetadata(bytes)).toEqual({ model: "mlp-784-128-10", epochs: "1" });
  const state = io.loadSafetensors(bytes);
  expect(Object.fromEntries(Object.entries(state).map(([k, t]) => [k, t.shape]))).toEqual({ "0.weight": [128, 784], "0.bias": [128], "2.weight": [10, 128], "2.bias": [10] });
  for (const t of Object.values(state)) t.dispose();
}, 60_000);
