// Pooling and upsampling modules: hand-checked values, unbatched inputs, unpool round trips, containers, no leaks.
import { beforeAll, describe, expect, test } from "vitest";
import { F, type Tensor, arange, backward, init, memoryStats, nn, randn, scope, tensor } from "simdgrad";

beforeAll(async () => {
  await init();
});

const close = (t: Tensor, want: number[], digits = 5) => {
  const got = Array.from(t.dataSync());
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i], digits));
};

describe("pooling modules", () => {
  test("MaxPool2d with indices, and MaxUnpool2d puts the maxima back", () => {
    const x = tensor([[1, 5, 2, 0], [3, 4, 8, 7], [9, 1, 0, 2], [6, 2, 3, 1]]).reshape([1, 1, 4, 4]);
    const [y, idx] = new nn.MaxPool2d(2, { returnIndices: true }).forward(x) as [Tensor, Tensor];
    expect(y.toArray()).toEqual([[[[5, 8], [9, 3]]]]);
    expect(idx.dtype).toBe("int32");
    expect(idx.toArray()).toEqual([[[[1, 6], [8, 14]]]]);
    const back = new nn.MaxUnpool2d(2).forward(y, idx);
    expect(back.toArray()).toEqual([[[[0, 5, 0, 0], [0, 0, 8, 0], [9, 0, 0, 0], [0, 0, 3, 0]]]]);
    expect(new nn.MaxUnpool2d(2).forward(y, idx, [1, 1, 5, 5]).shape).toEqual([1, 1, 5, 5]);
  });

  test("AvgPool2d: countIncludePad and divisorOverride", () => {
    const x = arange(1, 10).reshape([1, 3, 3]);
    close(new nn.AvgPool2d(2, { stride: 1, padding: 1 }).forward(x).slice(1, 0, 1).reshape([-1]), [1 / 4, 3 / 4, 5 / 4, 3 / 4]);
    close(new nn.AvgPool2d(2, { stride: 1, padding: 1, countIncludePad: false }).forward(x).slice(1, 0, 1).reshape([-1]), [1, 1.5, 2.5, 3]);
    close(new nn.AvgPool2d(3, { divisorOverride: 5 }).forward(x), [9]);
  });

  test("unbatched input equals the batched result", () => {
    const x = randn([3, 7, 6]);
    for (const m of [new nn.MaxPool2d(3, { stride: 2, padding: 1 }), new nn.AvgPool2d([2, 3], { ceilMode: true }), new nn.AdaptiveAvgPool2d([2, null]),
      new nn.AdaptiveMaxPool2d(4)]) {
      const a = m.forward(x) as Tensor, b = m.forward(x.unsqueeze(0)) as Tensor;
      expect(b.shape).toEqual([1, ...a.shape]);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    }
    expect((new nn.MaxPool1d(2).forward(randn([4, 9])) as Tensor).shape).toEqual([4, 4]);
    expect(new nn.AvgPool3d(2).forward(randn([2, 4, 5, 6])).shape).toEqual([2, 2, 2, 3]);
    expect(new nn.AdaptiveAvgPool1d(3).forward(randn([2, 10])).shape).toEqual([2, 3]);
  });

  test("AdaptiveAvgPool2d(1) is the spatial mean; a CNN head has no parameters", () => {
    const x = randn([2, 3, 5, 7]);
    const head = new nn.Sequential(new nn.MaxPool2d(2), new nn.AvgPool2d(1), new nn.AdaptiveAvgPool2d(1), new nn.Flatten());
    expect(head.parameters()).toEqual([]);
    expect(Object.keys(head.stateDict())).toEqual([]);
    close(new nn.AdaptiveAvgPool2d(1).forward(x).reshape([-1]), Array.from(x.mean([2, 3]).dataSync()));
    expect(head.forward(x).shape).toEqual([2, 3]);
    expect(String(new nn.MaxPool2d(3, { stride: 2 }))).toContain("kernelSize=3, stride=2, padding=0, dilation=1, ceilMode=false");
  });

  test("strided views pool like their contiguous copies", () => {
    const x = randn([2, 3, 6, 5]), v = x.transpose(2, 3), c = v.contiguous();
    for (const f of [(t: Tensor) => F.maxPool2d(t, 2, { ceilMode: true }), (t: Tensor) => F.avgPool2d(t, 3, { stride: 2, padding: 1 }),
      (t: Tensor) => F.interpolate(t, { scaleFactor: 1.5, mode: "bilinear" }), (t: Tensor) => F.interpolate(t, { size: [4, 9] })]) {
      expect(Array.from(f(v).dataSync())).toEqual(Array.from(f(c).dataSync()));
    }
  });

  test("max-pool gradient goes to the argmax; avg-pool gradient spreads", () => {
    const x = tensor([[1, 5, 2, 0], [3, 4, 8, 7]], { requiresGrad: true });
    backward(F.maxPool1d(x, 2), tensor([[1, 2], [3, 4]]));
    expect(x.grad!.toArray()).toEqual([[0, 1, 2, 0], [0, 3, 4, 0]]);
    x.grad = null;
    F.avgPool1d(x, 3, { stride: 1 }).sum().backward();
    close(x.grad!, [1, 2, 2, 1, 1, 2, 2, 1].map((v) => v / 3));
  });

  test("forward and backward in a loop do not grow the arena", () => {
    const x = randn([2, 3, 9, 9], { requiresGrad: true });
    const step = () => scope(() => {
      const [y, idx] = F.maxPool2d(x, 3, { stride: 2, padding: 1, returnIndices: true });
      const z = F.maxUnpool2d(y, idx, 3, { stride: 2, padding: 1, outputSize: [9, 9] });
      const u = F.interpolate(F.avgPool2d(z, 2), { scaleFactor: 1.5, mode: "bilinear" });
      F.adaptiveAvgPool2d(u, 2).sum().backward();
      x.grad = null;
    });
    step();
    const before = memoryStats();
    for (let i = 0; i < 3; i++) step();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
  });
});

describe("Upsample", () => {
  test("nearest ×2 repeats each pixel", () => {
    const y = new nn.Upsample({ scaleFactor: 2 }).forward(tensor([[1, 2], [3, 4]]).reshape([1, 1, 2, 2]));
    expect(y.toArray()).toEqual([[[[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]]]);
  });
  test("bilinear, half-pixel centres and alignCorners", () => {
    const x = tensor([[0, 1], [2, 3]]).reshape([1, 1, 2, 2]);
    close(new nn.Upsample({ scaleFactor: 2, mode: "bilinear" }).forward(x).slice(2, 0, 1).reshape([-1]), [0, 0.25, 0.75, 1]);
    close(new nn.Upsample({ size: [3, 3], mode: "bilinear", alignCorners: true }).forward(x).reshape([-1]), [0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3]);
  });
  test("linear and trilinear", () => {
    close(new nn.Upsample({ size: 5, mode: "linear", alignCorners: true }).forward(tensor([0, 4]).reshape([1, 1, 2])), [0, 1, 2, 3, 4]);
    const y = new nn.Upsample({ scaleFactor: [1, 2, 1], mode: "trilinear" }).forward(tensor([0, 4]).reshape([1, 1, 1, 2, 1]));
    close(y, [0, 1, 3, 4]);
    expect(String(new nn.Upsample({ scaleFactor: 2, mode: "bilinear" }))).toBe("Upsample(scaleFactor=2, mode=bilinear)");
  });
});
