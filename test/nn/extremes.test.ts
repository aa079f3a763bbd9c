// Stable formulations at extreme inputs, under every ISA and with detectAnomaly on (so no intermediate value in forward
// or backward is NaN/Infinity either): softmax, log-softmax and cross-entropy at logits ±1000; sigmoid, tanh,
// softplus, gelu and elu at ±1000. (BCE at 1e-7, log-cosh at 1000 and the logit losses are in losses.test.ts.)
import { afterAll, describe, expect, test } from "vitest";
import { F, type Tensor, backward, detectAnomaly, init, scope, supportedIsas, tensor } from "simdgrad";

/** fn's value and d Σ(w·fn(x)) / dx. */
function valueAndGrad(fn: (x: Tensor) => Tensor, xs: number[] | number[][], w?: number[] | number[][]): [number[], number[]] {
  return scope(() => {
    const x = tensor(xs, { requiresGrad: true });
    const out = fn(x);
    backward(out, w === undefined ? tensor(new Float32Array(out.size).fill(1), out.shape) : tensor(w));
    return [Array.from(out.dataSync()), Array.from(x.grad!.dataSync())];
  });
}

/** Float32 results against float64 references: |got − want| ≤ atol + rtol·|want| (rtol 1e-6 is a few float32 ulps). */
function expectNear(got: number[], want: number[], label = "", rtol = 1e-6, atol = 1e-6): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]), `${label}[${i}] got ${g}, want ${want[i]}`).toBeLessThanOrEqual(atol + rtol * Math.abs(want[i])));
}

afterAll(async () => {
  detectAnomaly(false);
  await init({ isa: supportedIsas()[0] });
});

for (const isa of supportedIsas()) {
  describe(`extreme inputs [${isa}]`, () => {
    test("softmax and logSoftmax at logits ±1000", async () => {
      await init({ isa });
      detectAnomaly(true);
      // y = [½, ½, 0]; d Σ w·y = y ⊙ (w − Σ w·y) with Σ w·y = 1.5
      const [y, gy] = valueAndGrad((x) => F.softmax(x, 0), [1000, 1000, -1000], [1, 2, 3]);
      expectNear(y, [0.5, 0.5, 0]);
      expectNear(gy, [-0.25, 0.25, 0]);
      // log y = x − 1000 − ln 2; d Σ w·log y = w − y·Σ w
      const [l, gl] = valueAndGrad((x) => F.logSoftmax(x, 0), [1000, 1000, -1000], [1, 2, 3]);
      expectNear(l, [-Math.LN2, -Math.LN2, -2000 - Math.LN2]);
      expectNear(gl, [-2, -1, 3]);
    });

    test("crossEntropy at logits ±1000 (class indices, label smoothing, probabilities)", async () => {
      await init({ isa });
      detectAnomaly(true);
      const logits = [[1000, -1000, 0], [-1000, 1000, 1000]];
      const t = tensor(new Int32Array([1, 0]));
      // row 0: logsumexp 1000, loss 1000 − (−1000); row 1: logsumexp 1000 + ln 2, loss 2000 + ln 2; gradient softmax − onehot
      const [l, g] = valueAndGrad((x) => F.crossEntropy(x, t, { reduction: "none" }), logits);
      expectNear(l, [2000, 2000 + Math.LN2]);
      expectNear(g, [1, -1, 0, -1, 0.5, 0.5]);
      // ε = 0.1 over C = 3: (1 − ε)·nll + ε/3·Σ_c −log p_c
      const lp = [[0, -2000, -1000], [-2000 - Math.LN2, -Math.LN2, -Math.LN2]];
      const want = lp.map((row, i) => -0.9 * row[[1, 0][i]] - (0.1 / 3) * row.reduce((a, b) => a + b, 0));
      const [ls] = valueAndGrad((x) => F.crossEntropy(x, t, { reduction: "none", labelSmoothing: 0.1 }), logits);
      expectNear(ls, want);
      const [lm, gm] = valueAndGrad((x) => F.crossEntropy(x, tensor([[0, 1, 0], [1, 0, 0]])), logits);
      expectNear(lm, [(2000 + 2000 + Math.LN2) / 2]);
      expectNear(gm, [0.5, -0.5, 0, -0.5, 0.25, 0.25]);
      t.dispose();
    });

    test("sigmoid, tanh, softplus, gelu (both forms) and elu at ±1000", async () => {
      await init({ isa });
      detectAnomaly(true);
      const xs = [1000, -1000];
      const cases: [string, (x: Tensor) => Tensor, number[], number[]][] = [
        ["sigmoid", (x) => x.sigmoid(), [1, 0], [0, 0]],
        ["tanh", (x) => x.tanh(), [1, -1], [0, 0]],
        ["softplus", (x) => F.softplus(x), [1000, 0], [1, 0]], // linear above the threshold; ln(1 + e^−1000) = 0 in float32
        ["softplus β = 2", (x) => F.softplus(x, { beta: 2 }), [1000, 0], [1, 0]],
        ["gelu", (x) => F.gelu(x), [1000, 0], [1, 0]],
        ["gelu tanh", (x) => F.gelu(x, { approximate: "tanh" }), [1000, 0], [1, 0]],
        ["elu", (x) => F.elu(x), [1000, -1], [1, 0]],
      ];
      for (const [name, fn, value, grad] of cases) {
        const [y, g] = valueAndGrad(fn, xs);
        expectNear(y, value, name);
        expectNear(g, grad, `d ${name}`);
      }
    });
  });
}
