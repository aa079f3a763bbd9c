// Cold start: fresh Node processes that import the library, initialise it, build MLP 784-256-128-10 and run one
// batch-1 inference, timed from spawn to exit; the median of several, minus the median of a bare `node -e 0`.
// simdgrad runs from a dist/ built from the current sources (as npm run build:js, without types), through the module
// Node and Deno resolve "simdgrad" to (package.json's "node" condition: dist/node/index.js).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { buildDist } from "../scripts/build-dist.mjs";
import { median } from "./timing";

export interface ColdstartRow {
  name: string;
  /** Median wall time of a fresh process (ms), and that minus the median of `node -e 0`. */
  total: number;
  overBare: number;
  /** Fastest process minus the fastest bare node: on a loaded machine, the least disturbed pair. */
  fastestOverBare: number;
  min: number;
  max: number;
  runs: number;
}

const require = createRequire(import.meta.url);

/** The child scripts: each prints the first output so a broken set-up fails loudly. */
function scripts(dist: string): Record<string, string> {
  const tfWasmDir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")) + "/dist/";
  return {
    simdgrad: `
import { init, nn, noGrad, randn, scope } from ${JSON.stringify(pathToFileURL(resolve(dist, "node/index.js")).href)};
await init();
const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
model.eval();
const y = noGrad(() => scope(() => model.forward(randn([1, 784])).dataSync()));
console.log(y.length);
`,
    "TF.js wasm": `
import * as tf from ${JSON.stringify(require.resolve("@tensorflow/tfjs-core"))};
import { setThreadsCount, setWasmPaths } from ${JSON.stringify(require.resolve("@tensorflow/tfjs-backend-wasm"))};
setWasmPaths(${JSON.stringify(tfWasmDir)});
setThreadsCount(1);
tf.env().set("PROD", true);
await tf.setBackend("wasm");
const sizes = [784, 256, 128, 10];
const ws = [], bs = [];
for (let i = 0; i + 1 < sizes.length; i++) {
  ws.push(tf.variable(tf.randomUniform([sizes[i], sizes[i + 1]], -0.05, 0.05)));
  bs.push(tf.variable(tf.randomUniform([sizes[i + 1]], -0.05, 0.05)));
}
const y = tf.tidy(() => {
  let h = tf.randomNormal([1, 784]);
  for (let i = 0; i < ws.length; i++) h = tf.fused.matMul({ a: h, b: ws[i], bias: bs[i], activation: i + 1 < ws.length ? "relu" : "linear" });
  return h.dataSync();
});
console.log(y.length);
`,
    "ONNX Runtime Web (wasm)": `
import * as ort from ${JSON.stringify(pathToFileURL(require.resolve("onnxruntime-web")).href)};
import { readFileSync } from "node:fs";
ort.env.wasm.numThreads = 1;
ort.env.logLevel = "error";
const session = await ort.InferenceSession.create(readFileSync(process.argv[2]), { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
const y = (await session.run({ x: new ort.Tensor("float32", new Float32Array(784), [1, 784]) })).y.data;
console.log(y.length);
`,
  };
}

/** Wall time (ms) of one fresh `node args…` process, spawn to exit; throws if it fails. */
function timeProcess(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`coldstart: node ${args.join(" ")} failed: ${r.stderr}`);
  return ms;
}

/**
 * Runs `runs` fresh processes of each contender, interleaved (bare node, then each library, repeated) so load from
 * other processes spreads over all of them. `onnxModel` is the MLP as ONNX bytes (bench/onnx.ts).
 */
export async function benchColdstart(onnxModel: Uint8Array, runs = 15): Promise<ColdstartRow[]> {
  const dir = resolve(".cache", "coldstart");
  const dist = resolve(dir, "dist");
  mkdirSync(dir, { recursive: true });
  await buildDist({ outdir: dist, types: false });
  const model = resolve(dir, "mlp.onnx");
  writeFileSync(model, onnxModel);
  const files = Object.entries(scripts(dist)).map(([name, src], i) => {
    const file = resolve(dir, `child${i}.mjs`);
    writeFileSync(file, src);
    return { name, args: name.startsWith("ONNX") ? [file, model] : [file] };
  });
  const contenders = [{ name: "bare node -e 0", args: ["-e", "0"] }, ...files];
  for (const c of contenders) timeProcess(c.args); // warm the OS file cache
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < runs; r++) for (const c of contenders) times.get(c.name)!.push(timeProcess(c.args));
  const bare = median(times.get(contenders[0].name)!), bareMin = Math.min(...times.get(contenders[0].name)!);
  return contenders.map((c) => {
    const t = times.get(c.name)!;
    return { name: c.name, total: median(t), overBare: median(t) - bare, fastestOverBare: Math.min(...t) - bareMin, min: Math.min(...t), max: Math.max(...t), runs };
  });
}

/** The rows as a markdown table. */
export function coldstartTable(rows: ColdstartRow[]): string {
  const ms = (v: number) => v.toFixed(0);
  return [
    "| cold start: import, init, build MLP, one batch-1 inference | median ms | median above bare node | fastest above fastest bare | fastest – slowest | processes |",
    "|---|--:|--:|--:|--:|--:|",
    ...rows.map((r) => {
      const bare = r.name.startsWith("bare");
      return `| ${r.name} | ${ms(r.total)} | ${bare ? "—" : ms(r.overBare)} | ${bare ? "—" : ms(r.fastestOverBare)} | ${ms(r.min)} – ${ms(r.max)} | ${r.runs} |`;
    }),
  ].join("\n");
}
