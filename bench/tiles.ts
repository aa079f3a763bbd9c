// GEMM micro-tile sweep (`node scripts/run-ts.mjs bench/tiles.ts`): compiles MR×NR micro-kernel candidates with asc and
// times them on L1-resident packed panels, in GFLOP/s. Used to choose the tiles of gemm_simd.ts / gemm_relaxed.ts.
import asc from "assemblyscript/asc";
import { timeRoundRobin } from "./timing";

interface Tile {
  mr: number;
  nr: number;
  /** "splat": Ã holds floats, read with v128.load32_splat; "pre": Ã holds each value broadcast to a v128. */
  a: "splat" | "pre";
  fma: boolean;
}

const name = (t: Tile) => `${t.mr}x${t.nr} ${t.a === "pre" ? "pre-broadcast A" : "load32_splat A"}${t.fma ? ", relaxed_madd" : ", mul+add"}`;
const ident = (t: Tile) => `k_${t.mr}x${t.nr}_${t.a}_${t.fma ? "fma" : "muladd"}`;

/**
 * C[MR×NR] = Ã·B̃ over kc steps, shaped like the real micro-kernels (one loop, accumulators in registers, then stored
 * to `out`), and a driver calling it `reps` times. The kernel is exported so Binaryen does not inline it into the
 * driver: the shape matters, because with the accumulators live across the driver's loop too V8 allocates registers
 * differently and a 14-register tile spills.
 */
function kernelSource(t: Tile): string {
  const nb = t.nr / 4, step = t.mr * (t.a === "pre" ? 16 : 4);
  const acc = (i: number, j: number) => `c${i}_${j}`;
  const all = Array.from({ length: t.mr }, (_, i) => Array.from({ length: nb }, (_, j) => acc(i, j))).flat();
  const body: string[] = [];
  for (let j = 0; j < nb; j++) body.push(`const b${j} = v128.load(pb, ${j * 16});`);
  for (let i = 0; i < t.mr; i++) {
    body.push(t.a === "pre" ? `const s${i} = v128.load(pa, ${i * 16});` : `const s${i} = v128.load32_splat(pa, ${i * 4});`);
    for (let j = 0; j < nb; j++) {
      body.push(t.fma ? `${acc(i, j)} = f32x4.relaxed_madd(s${i}, b${j}, ${acc(i, j)});` : `${acc(i, j)} = f32x4.add(${acc(i, j)}, f32x4.mul(s${i}, b${j}));`);
    }
  }
  return `export function ${ident(t)}(kc: usize, pa: usize, pb: usize, out: usize): void {
  let ${all.map((a) => `${a} = f32x4.splat(0)`).join(", ")};
  const end = pa + kc * ${step};
  while (pa < end) {
    ${body.join("\n    ")}
    pa += ${step}; pb += ${t.nr * 4};
  }
  ${all.map((a, i) => `v128.store(out, ${a}, ${i * 16});`).join(" ")}
}
export function bench_${ident(t)}(reps: i32, kc: usize, pa: usize, pb: usize, out: usize): void {
  for (let r = 0; r < reps; r++) ${ident(t)}(kc, pa, pb, out);
}`;
}

const SIMD: Tile[] = [
  { mr: 4, nr: 8, a: "splat", fma: false }, { mr: 4, nr: 8, a: "pre", fma: false }, { mr: 2, nr: 16, a: "splat", fma: false },
  { mr: 3, nr: 8, a: "pre", fma: false }, { mr: 5, nr: 8, a: "splat", fma: false }, { mr: 5, nr: 8, a: "pre", fma: false },
  { mr: 6, nr: 8, a: "pre", fma: false }, { mr: 3, nr: 16, a: "splat", fma: false },
];
const RELAXED: Tile[] = [
  { mr: 4, nr: 8, a: "pre", fma: true }, { mr: 5, nr: 8, a: "pre", fma: true }, { mr: 6, nr: 8, a: "splat", fma: true },
  { mr: 6, nr: 8, a: "pre", fma: true }, { mr: 7, nr: 8, a: "pre", fma: true }, { mr: 3, nr: 16, a: "splat", fma: true },
];

// (func (result v128) three splats, f32x4.relaxed_madd): does this runtime run relaxed SIMD?
const RELAXED_PROBE = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0, 10, 19, 1, 17, 0,
  0x41, 0, 0xfd, 0x0f, 0x41, 0, 0xfd, 0x0f, 0x41, 0, 0xfd, 0x0f, 0xfd, 0x85, 0x02, 0x0b];

const KC = 256, REPS = 1000;
const PA = 1 << 16, PB = 2 << 16, OUT = 3 << 16; // byte addresses of Ã (≤ 28 KiB), B̃ (≤ 16 KiB), the output tile

async function compile(tiles: Tile[], relaxed: boolean): Promise<WebAssembly.Exports> {
  const { binary, stderr, error } = await asc.compileString(tiles.map(kernelSource).join("\n"), {
    runtime: "stub", importMemory: true, optimizeLevel: 3, converge: true, noAssert: true, uncheckedBehavior: "always",
    enable: relaxed ? ["simd", "relaxed-simd"] : ["simd"],
  } as Parameters<typeof asc.compileString>[1]);
  if (error || !binary) throw new Error(`tiles: asc failed: ${error?.message}\n${stderr.toString()}`);
  const memory = new WebAssembly.Memory({ initial: 4 });
  new Float32Array(memory.buffer).fill(1e-3); // small values: no overflow, no denormals
  const module = await WebAssembly.compile(binary as BufferSource);
  return new WebAssembly.Instance(module, { env: { memory, abort: () => { throw new Error("abort"); } } }).exports;
}

const tiles = [...SIMD, ...(WebAssembly.validate(new Uint8Array(RELAXED_PROBE)) ? RELAXED : [])];
const exports = { ...await compile(SIMD, false), ...(tiles.length > SIMD.length ? await compile(RELAXED, true) : {}) };
const timings = await timeRoundRobin(tiles.map((t) => {
  const f = exports[`bench_${ident(t)}`] as (reps: number, kc: number, pa: number, pb: number, out: number) => void;
  return { name: name(t), run: () => f(REPS, KC, PA, PB, OUT) };
}), { reps: 9 });
console.log(`| micro-tile (kc = ${KC}, panels in L1) | GFLOP/s median | slowest – fastest rep |\n|---|--:|--:|`);
for (const t of tiles) {
  const m = timings.get(name(t))!, flops = REPS * KC * t.mr * t.nr * 2;
  console.log(`| ${name(t)} | ${(flops / m.median / 1e6).toFixed(1)} | ${(flops / m.max / 1e6).toFixed(1)} – ${(flops / m.min / 1e6).toFixed(1)} |`);
}
