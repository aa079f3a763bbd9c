// Each instruction set (relaxed, simd, scalar) runs a small workload against a plain-JS reference where the runtime has it, and is refused clearly where it does not.
import { afterAll, expect, test } from "vitest";
import { init, scope, supportedIsas, tensor, type Isa } from "simdgrad";

// In the Deno/Chromium bundle all test files share one runtime: leave the best build behind for the files after this one.
afterAll(async () => { await init({ isa: supportedIsas()[0] }); });

/** Deterministic values in [-1, 1). */
function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1);
}

function maxAbsDiff(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
}

// Odd sizes so every SIMD loop has a scalar tail; float32 sums of 37 products agree with float64 to ~1e-5.
const M = 13, K = 37, N = 19;

test.each(["relaxed", "simd", "scalar"] as Isa[])("isa %s: matmul, relu and backward match a plain-JS reference, or init refuses it", async (isa) => {
  if (!supportedIsas().includes(isa)) {
    await expect(init({ isa })).rejects.toThrow(/not supported by this runtime/);
    return;
  }
  expect((await init({ isa })).isa).toBe(isa);
  scope(() => check());
});

function check(): void {
  const a = values(M * K, 1), b = values(K * N, 2);
  const ref = Array.from({ length: M * N }, (_, i) => {
    let s = 0;
    for (let k = 0; k < K; k++) s += a[Math.floor(i / N) * K + k] * b[k * N + (i % N)];
    return s;
  });
  const ta = tensor(a, [M, K], { requiresGrad: true }), tb = tensor(b, [K, N]);
  const y = ta.matmul(tb).relu();
  expect(y.shape).toEqual([M, N]);
  expect(maxAbsDiff((y.toArray() as number[][]).flat(), ref.map((v) => Math.max(v, 0)))).toBeLessThan(1e-4);
  // d(sum(relu(A·B)))/dA = (A·B > 0) · Bᵀ
  y.sum().backward();
  const grad = Array.from({ length: M * K }, (_, i) => {
    let s = 0;
    for (let n = 0; n < N; n++) s += ref[Math.floor(i / K) * N + n] > 0 ? b[(i % K) * N + n] : 0;
    return s;
  });
  expect(maxAbsDiff((ta.grad!.toArray() as number[][]).flat(), grad)).toBeLessThan(1e-4);
  ta.grad!.dispose();
}
