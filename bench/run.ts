// Benchmark orchestrator (`npm run bench`): runs every benchmark, prints one markdown table, writes bench/RESULTS.md.
// `npm run bench -- mlp` (or `matmul`, `conv`, `lenet`, `optim`, `rnn`) runs those groups and only prints.
import { init, memoryStats } from "simdgrad";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, resolve } from "node:path";
import { benchConv } from "./conv";
import { benchLenet } from "./lenet";
import { benchMatmul, type Row } from "./matmul";
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

const started = new Date();
const load0 = os.loadavg();
// the comparisons with TF.js (one thread) run on one thread; the threads group compares 1 and 2
const { isa, threads, sharedMemory } = await init({ threads: 1 });
const tfInfo = await setupTf();
const groups = { matmul: benchMatmul, mlp: benchMlp, conv: benchConv, lenet: benchLenet, optim: benchOptim, rnn: benchRnn };
const only = process.argv.slice(2);
for (const g of only) if (!(g in groups) && g !== "threads") throw new Error(`bench: unknown group ${g} (expected ${[...Object.keys(groups), "threads"].join(", ")})`);
const rows: Row[] = [];
for (const [name, run] of Object.entries(groups)) if (only.length === 0 || only.includes(name)) rows.push(...await run());
const threadRows = only.length === 0 || only.includes("threads") ? await benchThreads() : [];
await init({ threads: 1 });
const load1 = os.loadavg();

const main = table(rows);
if (rows.length) console.log(main);
const threadsMain = threadsTable(threadRows);
if (threadRows.length) console.log(`\n${threadsMain}`);
if (only.length > 0) process.exit(0);
const memory = memoryTable(benchMemory());
console.log("\n" + memory);

// This file runs bundled into .cache/ (scripts/run-ts.mjs), which keeps argv[1] = the source path: resolve from that.
const here = dirname(resolve(process.argv[1]));
const pkg = JSON.parse(readFileSync(resolve(here, "../package.json"), "utf8")) as { version: string };
const versions = { simdgrad: pkg.version, ...tfVersions() };
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

simdgrad with 1 and 2 threads (bench/threads.ts; the thread count switched between round-robin repetitions):

${threadsMain}

Arena and tensor counts of the same MLP training loop (each step in \`scope()\`): nothing grows after warm-up.

${memory}
`);
console.log(`\nwrote bench/RESULTS.md (load average ${load0[0].toFixed(2)} → ${load1[0].toFixed(2)})`);
