import { describe, expect, test, beforeAll } from "vitest";
import { init, tensor, nn, optim, F, memoryStats, scope, manualSeed } from "simdgrad";

beforeAll(async () => { await init(); });

describe("smoke", () => {
  test("add and backward", () => {
    const a = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const b = tensor([10, 20], { requiresGrad: true });
    const y = a.add(b).mul(a).sum();
    expect(y.item()).toBeCloseTo(1*11+2*22+3*13+4*24);
    y.backward();
    expect(a.grad!.toArray()).toEqual([[12, 24], [16, 28]]);
    expect(b.grad!.toArray()).toEqual([4, 6]);
  });
  test("xor trains", () => {
    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(2, 8), new nn.Tanh(), new nn.Linear(8, 1));
    const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
    const x = tensor([[0,0],[0,1],[1,0],[1,1]]), y = tensor([[0],[1],[1],[0]]);
    let last = 0;
    const before = memoryStats().bytesInUse;
    for (let i = 0; i < 500; i++) {
      last = scope(() => {
        const loss = F.mseLoss(model.forward(x), y);
        opt.zeroGrad(); loss.backward(); opt.step();
        return loss.item();
      });
    }
    expect(memoryStats().bytesInUse).toBeLessThan(before + 200_000);
    expect(last).toBeLessThan(0.01);
  });
});
