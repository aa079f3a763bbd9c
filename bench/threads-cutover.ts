// Where splitting across 2 threads starts to pay (`node scripts/run-ts.mjs bench/threads-cutover.ts`): the kernels
// called directly (no autograd, no allocation), split and not split, for the cut-overs in src/backend/parallel.ts.
import { init } from "simdgrad";
import { runtime } from "../src/backend/runtime";
import { CUTOVER } from "../src/backend/parallel";
import { compare, threadsTable, type ThreadRow } from "./threads";

const inUse = { ...CUTOVER };
Object.assign(CUTOVER, { gemmMacs: 0, elementwise: 0, transcendental: 0 }); // split everything with 2 threads
await init({ threads: 2 });
const r = runtime();
const buf = (n: number) => {
  const p = r.arena.alloc(n * 4);
  r.f32().fill(0.5, p >> 2, (p >> 2) + n);
  return p;
};
const rows: ThreadRow[] = [];
const opts = { reps: 9, batchMs: 60, warmupMs: 100 };
// the kernels of the runtime current at each call: split with 2 threads (cut-over set to 0 below), whole with 1
for (const s of [16, 24, 32, 40, 48, 64, 96]) {
  const a = buf(s * s), b = buf(s * s), c = buf(s * s), ws = r.arena.alloc(Math.max(64, r.single.gemmWorkspace(s, s, s)));
  rows.push(await compare(`gemm ${s}³ (${s ** 3} MACs)`, "GFLOP/s", 2 * s ** 3 / 1e6,
    () => runtime().k.gemm(s, s, s, a, s, 0, b, s, 0, c, s, 0, ws), opts));
}
for (const [name, key] of [["add", "add"], ["exp", "exp"]] as const) {
  for (const n of [1 << 11, 1 << 13, 1 << 15, 1 << 17]) {
    const x = buf(n), y = buf(n), out = buf(n);
    rows.push(await compare(`${name} n=${n}`, "Melem/s", n / 1e3, key === "add"
      ? () => runtime().k.add(n, x, y, out) : () => runtime().k.exp(n, x, out), opts));
  }
}
console.log(`cut-overs in use: ${JSON.stringify(inUse)}\n`);
console.log(threadsTable(rows));
