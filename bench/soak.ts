// Soak test (not in CI): 100,000 small training steps by default, printing the arena, tensor count and JS heap at
// intervals and failing unless they are flat after warm-up. Run: node --expose-gc scripts/run-ts.mjs bench/soak.ts [steps]
// (without --expose-gc the heap is reported as n/a). CI runs a few thousand steps: test/nn/soak.test.ts and .node.test.ts.
import { init } from "simdgrad";
import { BATCHES_PER_EPOCH, type SoakSample, createSoak, sample } from "./soak-loop";

const steps = Number(process.argv[2] ?? 100_000);
if (!Number.isInteger(steps) || steps < 2000) throw new RangeError(`soak: steps must be an integer >= 2000, got ${process.argv[2]}`);
const WARMUP = 1000; // the first checkpoint (step 500) and scheduler steps have run; every pool is at its size
const EVERY = 125 * BATCHES_PER_EPOCH * 10; // 10,000 steps: at the same point of an epoch, after a checkpoint round trip
/** Heap growth tolerated after warm-up: V8's own caches (compiled code, inline caches) settle slowly; a leak of one
 * object per step would be ~100,000 objects, far above this. */
const HEAP_SLACK = 2 << 20;

const gc = (globalThis as { gc?: () => void }).gc;
const heap = gc ? () => { gc(); gc(); return process.memoryUsage().heapUsed; } : null;
const info = await init();
const soak = createSoak();
const samples: SoakSample[] = [];
const mib = (b: number | null) => (b === null ? "n/a" : (b / 2 ** 20).toFixed(2) + " MiB");
console.log(`soak: ${steps} steps on ${info.isa}${gc ? "" : " (run node with --expose-gc to watch the JS heap)"}`);
console.log("step       loss    arena in use   blocks  tensors  peak arena    wasm memory  leaked  JS heap");
const start = performance.now();
let loss = 0;
for (let i = 1; i <= steps; i++) {
  loss = soak.step();
  if (!Number.isFinite(loss)) throw new Error(`soak: step ${i} gave a non-finite loss ${loss}`);
  if (i === WARMUP || i % EVERY === 0 || i === steps) {
    const s = sample(i, heap);
    if (i >= WARMUP) samples.push(s);
    console.log(`${String(i).padEnd(9)} ${loss.toFixed(4).padStart(7)}  ${mib(s.bytesInUse).padStart(12)}  ${String(s.blocks).padStart(6)}  ${String(s.tensors).padStart(7)}  ${mib(s.peakBytes).padStart(10)}  ${mib(s.memoryBytes).padStart(12)}  ${String(s.leaked).padStart(6)}  ${mib(s.heapUsed)}`);
  }
}
const seconds = (performance.now() - start) / 1000;
soak.dispose();

// flat: the arena and tensor counters exactly equal at every sample after warm-up (all at the same point of an epoch,
// except a final sample off that grid, compared on in-use bytes and tensors only loosely); the heap within HEAP_SLACK
const grid = samples.filter((s) => s.step % EVERY === 0 || s.step === WARMUP);
const first = grid[0];
const problems: string[] = [];
for (const s of grid) {
  for (const k of ["bytesInUse", "blocks", "tensors", "peakBytes", "memoryBytes", "leaked"] as const) {
    if (s[k] !== first[k]) problems.push(`${k} went from ${first[k]} at step ${first.step} to ${s[k]} at step ${s.step}`);
  }
}
const heaps = samples.map((s) => s.heapUsed).filter((h): h is number => h !== null);
if (heaps.length > 1 && Math.max(...heaps) - heaps[0] > HEAP_SLACK) problems.push(`the JS heap grew from ${mib(heaps[0])} to ${mib(Math.max(...heaps))}`);
console.log(`\n${steps} steps in ${seconds.toFixed(1)} s (${(steps / seconds).toFixed(0)} steps/s); last loss ${loss.toFixed(4)}`);
if (problems.length) {
  console.log(`NOT FLAT:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`flat after warm-up: arena ${first.bytesInUse} bytes in ${first.blocks} blocks, ${first.tensors} tensors, peak ${first.peakBytes}, wasm memory ${first.memoryBytes}, leaked ${first.leaked}` +
  (heaps.length ? `; JS heap ${mib(Math.min(...heaps))} – ${mib(Math.max(...heaps))}` : ""));
