// Benchmark orchestrator (`npm run bench`): runs every benchmark, prints one markdown table, writes bench/RESULTS.md.
// `npm run bench -- mlp` (or `matmul`, `conv`, `lenet`, `optim`, `rnn`, `isas`, `threads`, `threads-deno`, `threads-chromium`,
// `latency`, `coldstart`, `steady`)
// runs those groups and only prints.
import { init, memoryStats } from "simdgrad";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, resolve } from "node:path";
import { benchConv } from "./conv";
import { benchLenet } from "./lenet";
import { benchIsas, isasTable } from "./isas";
import { benchMatmul, type Row } from "./matmul";
import { benchColdstart, coldstartTable } from "./coldstart";
import { benchLatency, latencyTable, onnxMlp, opOverheadTable, ortVersion } from "./latency";
import { benchMemory, memoryTable } from "./memory";
import { benchMlp } from "./mlp";
import { benchOptim } from "./optim";
import { benchRnn } from "./rnn";
import { setupTf, tfVersions } from "./tf";
import { benchThreads, threadsTable } from "./threads";
import { speedup, type Timing } from "./timing";

const BASE = [["simdgrad", "simdgrad"], ["tfjs-wasm", "TF.js wasm"], ["tfjs-cpu", "TF.js cpu"]] as const;
/** Other libraries, each a column only when some row has it (ConvNetJS runs only the LeNet benchmark). */
const OTHERS = [["convnetjs", "ConvNetJS"]] as const;

const fmt = (v: number | undefined) => (v === undefined ? "n/a" : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
/** simdgrad's speed-up over a contender, or n/a where the contender cannot run the benchmark (no timing). */
const ratio = (a: Timing, b: Timing | undefined, digits: number) => (b ? `${speedup(a, b).toFixed(digits)}×` : "n/a");

/** The contenders shown: the base three, then any other library that some row has. */
const contenders = (rows: Row[]) => [...BASE, ...OTHERS.filter(([k]) => rows.some((r) => r.timings[k]))];

function table(rows: Row[]): string {
  const others = contenders(rows).slice(BASE.length);
  const lines = [
    `| benchmark | unit | simdgrad | TF.js wasm | TF.js cpu |${others.map(([, l]) => ` ${l} |`).join("")} simdgrad ÷ wasm | simdgrad ÷ cpu |` +
      others.map(([, l]) => ` simdgrad ÷ ${l} |`).join(""),
    `|---|---|--:|--:|--:|${others.map(() => "--:|").join("")}--:|--:|${others.map(() => "--:|").join("")}`,
  ];
  for (const r of rows) {
    const v = r.values, t = r.timings;
    lines.push(`| ${r.name} | ${r.unit} | ${fmt(v.simdgrad)} | ${fmt(v["tfjs-wasm"])} | ${fmt(v["tfjs-cpu"])} |${others.map(([k]) => ` ${fmt(v[k])} |`).join("")} ` +
      `${ratio(t.simdgrad, t["tfjs-wasm"], 2)} | ${ratio(t.simdgrad, t["tfjs-cpu"], 1)} |${others.map(([k]) => ` ${ratio(t.simdgrad, t[k], 1)} |`).join("")}`);
  }
  return lines.join("\n");
}

/** Fastest and slowest repetition of each contender, as the same unit as the table: how noisy the run was. */
function spread(rows: Row[]): string {
  const shown = contenders(rows);
  const lines = ["| benchmark | " + shown.map(([, l]) => `${l} (slowest – fastest rep)`).join(" | ") + " |", "|---|" + shown.map(() => "--:|").join("")];
  for (const r of rows) {
    const cells = shown.map(([k]) => {
      const t = r.timings[k];
      if (!t) return "n/a";
      const scale = r.values[k] * t.median; // value = scale / ms
      return `${fmt(scale / t.max)} – ${fmt(scale / t.min)} (${t.reps}×${t.callsPerRep})`;
    });
    lines.push(`| ${r.name} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

/** The threads group run in another runtime by its script (scripts/bench-deno.mjs or bench-chromium.mjs): its output. */
function threadsIn(script: string): string {
  return execFileSync(process.execPath, [script, "bench/threads-main.ts"], { encoding: "utf8", maxBuffer: 1 << 24 }).trim();
}

/** benchOpOverhead() in a fresh process (bench/overhead.ts): after other workloads V8's caches are polymorphic. */
function overheadInFreshProcess(): { name: string; us: number }[] {
  const out = execFileSync(process.execPath, ["scripts/run-ts.mjs", "bench/overhead.ts"], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!) as { name: string; us: number }[];
}

const started = new Date();
const load0 = os.loadavg();
// the comparisons with TF.js (one thread) run on one thread; the threads group compares 1 and 2
const { isa, threads, sharedMemory } = await init({ threads: 1 });
const tfInfo = await setupTf();
const groups = { matmul: benchMatmul, mlp: benchMlp, conv: benchConv, lenet: benchLenet, optim: benchOptim, rnn: benchRnn };
/** Groups with tables of their own (1 against 2 threads, latency percentiles, process start-up, memory over a long run). */
const sections: Record<string, () => Promise<string> | string> = {
  isas: async () => isasTable(await benchIsas(isa)),
  threads: async () => {
    const t = threadsTable(await benchThreads());
    await init({ threads: 1 });
    return t;
  },
  "threads-deno": () => threadsIn("scripts/bench-deno.mjs"),
  "threads-chromium": () => threadsIn("scripts/bench-chromium.mjs"),
  latency: async () => latencyTable(await benchLatency()) + "\n\n" + opOverheadTable(overheadInFreshProcess()),
  coldstart: async () => coldstartTable(await benchColdstart(onnxMlp())),
  steady: () => memoryTable(benchMemory()),
};
const only = process.argv.slice(2);
for (const g of only) {
  if (!(g in groups) && !(g in sections)) throw new Error(`bench: unknown group ${g} (expected ${[...Object.keys(groups), ...Object.keys(sections)].join(", ")})`);
}
const wanted = (g: string) => only.length === 0 || only.includes(g);
const rows: Row[] = [];
for (const [name, run] of Object.entries(groups)) if (wanted(name)) rows.push(...await run());
const done: Record<string, string> = {};
for (const [name, run] of Object.entries(sections)) if (wanted(name)) done[name] = await run();
const load1 = os.loadavg();

const main = rows.length > 0 ? table(rows) : "";
if (main) console.log(main);
for (const t of Object.values(done)) console.log("\n" + t);
if (only.length > 0) process.exit(0);

// This file runs bundled into .cache/ (scripts/run-ts.mjs), which keeps argv[1] = the source path: resolve from that.
const here = dirname(resolve(process.argv[1]));
const pkg = JSON.parse(readFileSync(resolve(here, "../package.json"), "utf8")) as { version: string };
const versions = { simdgrad: pkg.version, ...tfVersions(), "onnxruntime-web": ortVersion() };
const cpus = os.cpus();
writeFileSync(resolve(here, "RESULTS.md"), `# Benchmark results

Written by \`npm run bench\` (bench/run.ts). Values are medians of round-robin repetitions (each a batch of calls
lasting ≥ 150 ms, ≥ 300 ms for the MLP, after warm-up); higher is better. Ratios are medians of per-round ratios
(each simdgrad repetition against the TF.js repetitions of the same round, which ran right after it). Single
thread everywhere except in the threads table.

- Date: ${started.toISOString()}
- Machine: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores, ${os.platform()} ${os.arch()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB
- Node ${process.version}
- Versions: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(", ")}
- simdgrad: isa \`${isa}\`, ${threads} thread, ${sharedMemory ? "shared" : "unshared"} memory; arena peak ${(memoryStats().peakBytes / 2 ** 20).toFixed(1)} MiB
- TF.js wasm: ${tfInfo.wasmBinary} (checked byte for byte), ${tfInfo.threads} thread; TF.js cpu: plain JS
- Load average (1 min) before / after: ${load0[0].toFixed(2)} / ${load1[0].toFixed(2)} on ${cpus.length} cores (other processes share the machine)

${main}

Spread over repetitions (same units):

${spread(rows)}

## Instruction sets

Each build simdgrad can run in this Node (bench/isas.ts), 1 thread, against TF.js wasm (SIMD, 1 thread) in the same
round-robin; the scalar build only up to N = 512. Node 20's V8 keeps relaxed SIMD behind a flag that simdgrad turns
on (src/backend/features.ts), so the default build here is \`relaxed\`, as in Node 22+, Deno and Chromium.

${done.isas}

## Threads

simdgrad with 1 and 2 threads (bench/threads.ts; one pool, the 1-thread repetitions on the calling thread's kernels, the table switched between round-robin repetitions):

${done.threads}

The same group in Deno (\`node scripts/bench-deno.mjs bench/threads-main.ts\`, V8's relaxed SIMD on by default):

${done["threads-deno"]}

And in headless Chromium on a cross-origin isolated page (\`node scripts/bench-chromium.mjs bench/threads-main.ts\`):

${done["threads-chromium"]}

## Batch-1 inference latency

MLP 784-256-128-10, one input row, the same weights in every library (their outputs are checked to agree). Each call
is timed on its own, round-robin in rounds of 500 calls per contender after warm-up, and includes reading the 10
outputs back into a JS array; every call is awaited (ONNX Runtime's run() is async). simdgrad: \`noGrad()\` +
\`model.eval()\` inside \`scope()\`; TF.js: \`tf.fused.matMul\` with bias and relu in \`tf.tidy\`; ONNX Runtime Web
${ortVersion()}: its wasm backend in Node, 1 thread, the model written by bench/onnx.ts (Gemm + Relu, opset 13), all graph
optimizations. brain.js is not compared: it pulls native GPU dependencies (headless-gl) that download binaries at
install time. Target (issue 6): simdgrad's p50 ≤ 40 µs.

The per-op overhead table runs in a fresh process (bench/overhead.ts), on one-element tensors so the kernels do no
work: what \`Fn.apply\`, tensor handles, the arena and \`scope()\` cost per op. In a process that ran other
workloads first (this one), V8's caches are polymorphic and the same ops take about twice as long.

${done.latency}

## Cold start

Fresh Node processes, each importing the library, initialising it (simdgrad: \`await init()\` from a dist/ built
from these sources, through dist/node/index.js, the one module package.json's "node" condition resolves
\`simdgrad\` to in Node and Deno; the default thread pool starts no worker for a batch-1 inference; TF.js: tfjs-core + the wasm backend, 1 thread; ONNX Runtime Web: creating the session from
the .onnx bytes), building the MLP and running one batch-1 inference; wall time from spawn to exit, median of the
processes (interleaved with bare \`node -e 0\` runs), minus the median of \`node -e 0\`; on a loaded machine the
fastest process minus the fastest bare node is the least disturbed figure. Target (issue 6): simdgrad ≤ 40 ms above
bare node.

${done.coldstart}

## Steady state

Arena counters and the JS heap of the same MLP training loop (each step in \`scope()\`): nothing grows after warm-up.
\`leaked\` counts tensors the earlier benchmark groups of this process forgot (freed by the finalizer); it does not
change during the loop. CI checks the same with 2,000 steps and 10,000 batch-1 inferences
(test/nn/steady-heap.node.test.ts: memoryStats() identical, heap within 1 MiB and 256 KiB).

${done.steady}
`);
console.log(`\nwrote bench/RESULTS.md (load average ${load0[0].toFixed(2)} → ${load1[0].toFixed(2)})`);
