// detectAnomaly: off by default; when on, the first op whose forward result or backward gradient holds NaN/±Infinity
// throws a clear error with its name and shapes, and a healthy training step runs unchanged.
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { F, detectAnomaly, init, isAnomalyEnabled, manualSeed, memoryStats, nn, optim, randint, randn, scope, tensor } from "simdgrad";

beforeAll(async () => {
  await init();
});
afterEach(() => {
  detectAnomaly(false);
});

describe("detectAnomaly", () => {
  test("off by default: NaN flows silently, as in PyTorch", () => {
    expect(isAnomalyEnabled()).toBe(false);
    expect(scope(() => tensor([-1]).log().mul(2).item())).toBeNaN();
  });

  test("forward: the first op that produced NaN is named, with its shapes, and later ops never run", () => {
    expect(detectAnomaly(true)).toBe(false);
    const before = memoryStats();
    const x = tensor([[4, 1], [9, 0.25]]);
    expect(() => scope(() => x.sub(2).sqrt().mul(3).sum())).toThrow(
      /detectAnomaly: Sqrt \(forward\) produced NaN at flat index 1 of output 0 of shape \[2, 2\] from inputs of shapes \[2, 2\]; its inputs were finite/,
    );
    x.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
  });

  test("forward: ±Infinity too (a matmul that overflows), with both operands' shapes", () => {
    detectAnomaly(true);
    expect(() => scope(() => tensor([[1e30, 1e30]]).matmul(tensor([[1e30], [1e30]])))).toThrow(
      /detectAnomaly: Matmul \(forward\) produced Infinity at flat index 0 of output 0 of shape \[1, 1\] from inputs of shapes \[1, 2\], \[2, 1\]; its inputs were finite/,
    );
    expect(() => scope(() => tensor([0, 1]).log())).toThrow(/detectAnomaly: Log \(forward\) produced -Infinity at flat index 0/);
  });

  test("forward: an input that already held NaN is said to come from an earlier step", () => {
    detectAnomaly(true);
    expect(() => scope(() => tensor([1, NaN]).mul(2))).toThrow(
      /detectAnomaly: Mul \(forward\) produced NaN at flat index 1 of output 0 of shape \[2\] from inputs of shapes \[2\], \[\]; but input 0 already held NaN at flat index 1, so the anomaly came from an earlier step/,
    );
  });

  test("backward: a finite forward whose gradient is not (√x at 0) names the backward rule", () => {
    detectAnomaly(true);
    const before = memoryStats();
    const x = tensor([0, 4], { requiresGrad: true });
    expect(() => scope(() => x.sqrt().sum().backward())).toThrow(
      /detectAnomaly: Sqrt \(backward\) produced Infinity at flat index 0 of the gradient of input 0 \(shape \[2\]\) from output gradients of shapes \[2\]; its output gradients were finite/,
    );
    expect(x.grad).toBe(null);
    x.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
    detectAnomaly(false);
    const y = tensor([0, 4], { requiresGrad: true });
    scope(() => y.sqrt().sum().backward()); // off: the Infinity reaches the gradient, as in PyTorch
    expect(y.grad!.toArray()).toEqual([Infinity, 0.25]);
    y.dispose();
  });

  test("a healthy training step gives the same losses with the checks on and off", () => {
    const run = (anomaly: boolean) => {
      detectAnomaly(anomaly);
      manualSeed(5);
      const model = new nn.Sequential(new nn.Linear(6, 8), new nn.LayerNorm(8), new nn.GELU(), new nn.Linear(8, 3));
      const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
      const x = randn([10, 6]), y = randint(0, 3, [10]);
      const losses = Array.from({ length: 5 }, () => scope(() => {
        const loss = F.crossEntropy(model.forward(x), y, { labelSmoothing: 0.1 });
        opt.zeroGrad();
        loss.backward();
        opt.step();
        return loss.item();
      }));
      model.dispose();
      opt.dispose();
      x.dispose();
      y.dispose();
      return losses;
    };
    expect(run(true)).toEqual(run(false));
  });
});
