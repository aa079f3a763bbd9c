// linear() on one or two rows takes the matrix-vector kernel (f32_gemv) instead of GEMM: same values as the GEMM path
// (the rows of a larger batch), for contiguous and strided weights, with and without bias, and gradients through it.
import { describe, expect, test } from "vitest";
import { F, Generator, init, memoryStats, noGrad, randn, scope, supportedIsas, tensor } from "simdgrad";
import { checkGrad } from "../helpers/gradcheck";

/** Max |a − b| relative to max |b|. */
function relErr(a: Float32Array | Int32Array, b: Float32Array | Int32Array): number {
  let d = 0, m = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / Math.max(m, 1e-30);
}

for (const isa of supportedIsas()) {
  describe(`linear on 1–2 rows [${isa}]`, () => {
    // [rows, in, out]: 4-row blocks and their remainder, k around the 8/4 steps, in = 1 and out = 1
    const shapes = [[1, 784, 256], [2, 37, 9], [1, 1, 5], [1, 9, 1], [2, 8, 4], [1, 3, 3]];
    for (const [rows, inF, outF] of shapes) {
      test(`[${rows}, ${inF}] · [${outF}, ${inF}]ᵀ matches the GEMM path (rows of a batch of 7)`, async () => {
        await init({ isa });
        scope(() => {
          const g = new Generator(rows * 1000 + inF * 10 + outF);
          const x = randn([7, inF], { generator: g }), w = randn([outF, inF], { generator: g }), b = randn([outF], { generator: g });
          const full = F.linear(x, w, b).dataSync(), fullNoBias = F.linear(x, w).dataSync();
          const head = x.slice(0, 0, rows);
          expect(relErr(F.linear(head, w, b).dataSync(), full.subarray(0, rows * outF))).toBeLessThan(1e-5);
          expect(relErr(F.linear(head, w).dataSync(), fullNoBias.subarray(0, rows * outF))).toBeLessThan(1e-5);
          // a weight that is a transposed view (unit row stride): the GEMM fallback, same values
          const wt = w.transpose(0, 1).contiguous().transpose(0, 1);
          expect(relErr(F.linear(head, wt, b).dataSync(), full.subarray(0, rows * outF))).toBeLessThan(1e-5);
          // a weight with padded rows (a slice of a wider matrix): the kernel's leading dimension
          const wide = randn([outF, inF + 3], { generator: g });
          const ws = wide.slice(1, 0, inF);
          const ref = F.linear(x, ws.contiguous(), b).dataSync().subarray(0, rows * outF);
          expect(relErr(F.linear(head, ws, b).dataSync(), ref)).toBeLessThan(1e-5);
        });
      });
    }
    test("batch-1 inference allocates nothing that stays: arena and tensor counts flat", async () => {
      await init({ isa });
      const x = randn([1, 20]), w = randn([8, 20]), b = randn([8]);
      const run = () => noGrad(() => scope(() => { F.relu(F.linear(x, w, b)).sum().item(); }));
      run();
      const before = memoryStats();
      for (let i = 0; i < 200; i++) run();
      const after = memoryStats();
      expect([after.bytesInUse, after.blocks, after.tensors, after.peakBytes]).toEqual([before.bytesInUse, before.blocks, before.tensors, before.peakBytes]);
      for (const t of [x, w, b]) t.dispose();
    });
    test("a known value", async () => {
      await init({ isa });
      scope(() => {
        const y = F.linear(tensor([[1, 2, 3]]), tensor([[1, 0, -1], [0.5, 0.5, 0.5]]), tensor([10, 20]));
        expect(Array.from(y.dataSync())).toEqual([8, 23]);
      });
    });
  });
}

checkGrad("linear one row with bias (gemv forward)", (x, w, b) => F.linear(x, w, b), [[1, 9], [5, 9], [5]], { rtol: 1e-2 });
checkGrad("linear two rows, 1-D input", (x, w) => F.linear(x, w), [[2, 13], [3, 13]], { rtol: 1e-2 });
checkGrad("linear 1-D input", (x, w, b) => F.linear(x, w, b), [[6], [4, 6], [4]], { rtol: 1e-2 });
