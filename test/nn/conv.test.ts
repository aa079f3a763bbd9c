// Convolution layers: a naive reference on layers large enough to be processed in chunks, the modules' parameters,
// padding modes and shapes, and a small CNN that trains with a flat arena.
import { beforeAll, describe, expect, test } from "vitest";
import { F, type Tensor, init, manualSeed, memoryStats, nn, optim, randint, randn, scope, supportedIsas, tensor } from "simdgrad";

/** Geometry of a reference convolution, spatial dims as [D, H, W]. */
interface Ref { n: number; cin: number; cout: number; groups: number; i: number[]; k: number[]; s: number[]; p: number[]; d: number[] }
const outSize = (r: Ref) => r.i.map((v, j) => Math.floor((v + 2 * r.p[j] - r.d[j] * (r.k[j] - 1) - 1) / r.s[j]) + 1);

/**
 * Visits every (n, o, output position, c, kernel position) of the convolution with a valid input position and calls
 * f(yIndex, xIndex, wIndex): the sums of forward, input gradient and weight gradient are all written with it.
 */
function eachTap(r: Ref, f: (yi: number, xi: number, wi: number) => void): void {
  const o = outSize(r), cinG = r.cin / r.groups, coutG = r.cout / r.groups;
  const P = r.i[0] * r.i[1] * r.i[2], L = o[0] * o[1] * o[2], K = r.k[0] * r.k[1] * r.k[2];
  for (let n = 0; n < r.n; n++) for (let oc = 0; oc < r.cout; oc++) for (let l = 0; l < L; l++) {
    const pos = [Math.floor(l / (o[1] * o[2])), Math.floor(l / o[2]) % o[1], l % o[2]];
    for (let c = 0; c < cinG; c++) for (let kk = 0; kk < K; kk++) {
      const kp = [Math.floor(kk / (r.k[1] * r.k[2])), Math.floor(kk / r.k[2]) % r.k[1], kk % r.k[2]];
      const ip = pos.map((v, j) => v * r.s[j] - r.p[j] + kp[j] * r.d[j]);
      if (ip.some((v, j) => v < 0 || v >= r.i[j])) continue;
      const ci = Math.floor(oc / coutG) * cinG + c;
      f((n * r.cout + oc) * L + l, (n * r.cin + ci) * P + (ip[0] * r.i[1] + ip[1]) * r.i[2] + ip[2], (oc * cinG + c) * K + kk);
    }
  }
}

const values = (t: Tensor) => Float64Array.from(t.dataSync());

/** max |got − want| ≤ 1e-4·max|want| + 1e-5 */
function expectNear(what: string, got: Tensor, want: Float64Array): void {
  const g = got.dataSync();
  expect(g.length, `${what}: size`).toBe(want.length);
  let scale = 0, err = 0;
  for (let i = 0; i < want.length; i++) {
    scale = Math.max(scale, Math.abs(want[i]));
    err = Math.max(err, Math.abs(g[i] - want[i]));
  }
  expect(err, `${what}: max error vs max |ref| ${scale}`).toBeLessThanOrEqual(1e-4 * scale + 1e-5);
}

/** Forward, input, weight and bias gradients of a convolution against the loops above (float64). */
function checkAgainstReference(nd: number, r: Ref, fn: (x: Tensor, w: Tensor, b: Tensor) => Tensor, transposed = false): void {
  manualSeed(7);
  const o = outSize(r);
  // for a transposed convolution the reference's output is its input and vice versa
  const sp = (v: number[]) => v.slice(3 - nd); // the public op's spatial dims
  const xShape = transposed ? [r.n, r.cout, ...sp(o)] : [r.n, r.cin, ...sp(r.i)];
  const wShape = [r.cout, r.cin / r.groups, ...sp(r.k)];
  const x = randn(xShape, { requiresGrad: true }), w = randn(wShape, { requiresGrad: true });
  const b = randn([transposed ? r.cin : r.cout], { requiresGrad: true });
  const y = fn(x, w, b);
  const up = randn(y.shape);
  y.backward(up);
  const X = values(x), W = values(w), U = values(up), B = values(b);
  const yRef = new Float64Array(y.size), dx = new Float64Array(x.size), dw = new Float64Array(w.size), db = new Float64Array(b.size);
  const per = y.size / (r.n * b.size);
  for (let i = 0; i < y.size; i++) {
    const ch = Math.floor(i / per) % b.size;
    yRef[i] = B[ch];
    db[ch] += U[i];
  }
  if (!transposed) {
    eachTap(r, (yi, xi, wi) => { yRef[yi] += W[wi] * X[xi]; dx[xi] += W[wi] * U[yi]; dw[wi] += U[yi] * X[xi]; });
  } else {
    // y = convᵀ(x): y[xi] += W·x[yi]; dx[yi] = Σ W·up[xi]; dw = Σ x[yi]·up[xi]
    eachTap(r, (yi, xi, wi) => { yRef[xi] += W[wi] * X[yi]; dx[yi] += W[wi] * U[xi]; dw[wi] += X[yi] * U[xi]; });
  }
  expectNear("output", y, yRef);
  expectNear("grad input", x.grad!, dx);
  expectNear("grad weight", w.grad!, dw);
  expectNear("grad bias", b.grad!, db);
}

const ref = (o: Partial<Ref> & Pick<Ref, "n" | "cin" | "cout" | "i" | "k">): Ref => ({ groups: 1, s: [1, 1, 1], p: [0, 0, 0], d: [1, 1, 1], ...o });

for (const isa of supportedIsas()) {
  describe(`convolutions against a naive reference, column buffer in chunks [${isa}]`, () => {
    beforeAll(async () => {
      await init({ isa });
    });
    test("conv2d 64 → 8 channels, 3×3, 20×23 images: 2 chunks of whole output rows", () => {
      const r = ref({ n: 1, cin: 64, cout: 8, i: [1, 20, 23], k: [1, 3, 3], p: [0, 1, 1] });
      scope(() => checkAgainstReference(2, r, (x, w, b) => F.conv2d(x, w, b, { padding: 1 })));
    });
    test("conv1d 512 channels, kernel 9, stride 2: chunks that start and end inside a row", () => {
      const r = ref({ n: 1, cin: 512, cout: 4, groups: 2, i: [1, 1, 300], k: [1, 1, 9], s: [1, 1, 2], p: [0, 0, 3] });
      scope(() => checkAgainstReference(1, r, (x, w, b) => F.conv1d(x, w, b, { stride: 2, padding: 3, groups: 2 })));
    });
    test("convTranspose1d through the same chunks", () => {
      const r = ref({ n: 1, cin: 256, cout: 6, i: [1, 1, 599], k: [1, 1, 5], s: [1, 1, 2], p: [0, 0, 1], d: [1, 1, 2] });
      // convTranspose1d of [1, 6, 297] with weight [6, 256, 5] → [1, 256, 599]: the adjoint of the reference conv
      scope(() => checkAgainstReference(1, r, (x, w, b) => F.convTranspose1d(x, w, b, { stride: 2, padding: 1, dilation: 2 }), true));
    });
    test("conv3d with groups and dilation", () => {
      const r = ref({ n: 2, cin: 4, cout: 6, groups: 2, i: [5, 6, 7], k: [2, 3, 2], s: [1, 2, 1], p: [1, 0, 1], d: [2, 1, 1] });
      scope(() => checkAgainstReference(3, r, (x, w, b) => F.conv3d(x, w, b, { groups: 2, stride: [1, 2, 1], padding: [1, 0, 1], dilation: [2, 1, 1] })));
    });
  });
}

describe("modules", () => {
  beforeAll(async () => {
    await init();
  });

  test("Conv2d: parameters, state-dict keys, output shape, no bias", () => {
    const m = new nn.Conv2d(3, 8, [3, 5], { stride: 2, padding: [1, 2] });
    expect(m.weight.shape).toEqual([8, 3, 3, 5]);
    expect(Object.keys(m.stateDict())).toEqual(["weight", "bias"]);
    expect(scope(() => m.forward(randn([2, 3, 9, 10])).shape)).toEqual([2, 8, 5, 5]);
    const noBias = new nn.Conv1d(4, 6, 3, { groups: 2, bias: false });
    expect(noBias.bias).toBeNull();
    expect(noBias.weight.shape).toEqual([6, 2, 3]);
    expect(Object.keys(noBias.stateDict())).toEqual(["weight"]);
    expect(new nn.ConvTranspose3d(4, 6, 2, { groups: 2 }).weight.shape).toEqual([4, 3, 2, 2, 2]);
  });

  test("padding 'same' keeps the size, also with an even kernel and dilation", () => {
    scope(() => {
      const x = randn([1, 2, 7, 8]);
      expect(new nn.Conv2d(2, 3, [4, 2], { padding: "same", dilation: [1, 3] }).forward(x).shape).toEqual([1, 3, 7, 8]);
      expect(new nn.Conv2d(2, 3, 3, { padding: "valid" }).forward(x).shape).toEqual([1, 3, 5, 6]);
    });
  });

  test("paddingMode reflect and replicate equal F.pad followed by an unpadded convolution", () => {
    scope(() => {
      const x = randn([2, 2, 6, 5]);
      for (const mode of ["reflect", "replicate"] as const) {
        const m = new nn.Conv2d(2, 3, 3, { padding: [1, 2], paddingMode: mode });
        const want = F.conv2d(F.pad(x, [2, 2, 1, 1], { mode }), m.weight, m.bias);
        expect(Array.from(m.forward(x).dataSync())).toEqual(Array.from(want.dataSync()));
      }
      // "same" with an even kernel: the extra element goes at the end
      const m = new nn.Conv1d(2, 2, 4, { padding: "same", paddingMode: "replicate" });
      const x1 = randn([1, 2, 7]);
      const want = F.conv1d(F.pad(x1, [1, 2], { mode: "replicate" }), m.weight, m.bias);
      expect(Array.from(m.forward(x1).dataSync())).toEqual(Array.from(want.dataSync()));
    });
  });

  test("ConvTranspose2d inverts the shape change of the matching Conv2d", () => {
    scope(() => {
      const x = randn([1, 4, 11, 12]);
      const down = new nn.Conv2d(4, 8, 3, { stride: 2, padding: 1 });
      const up = new nn.ConvTranspose2d(8, 4, 3, { stride: 2, padding: 1, outputPadding: [0, 1] });
      expect(up.forward(down.forward(x)).shape).toEqual([1, 4, 11, 12]);
      // outputSize picks among the sizes the strided convolution maps to [6, 6]: 11 or 12 each way
      const plain = new nn.ConvTranspose2d(8, 4, 3, { stride: 2, padding: 1 });
      const h = down.forward(x);
      expect(plain.forward(h).shape).toEqual([1, 4, 11, 11]);
      expect(plain.forward(h, { outputSize: [12, 11] }).shape).toEqual([1, 4, 12, 11]);
      expect(plain.forward(h, { outputSize: x.shape }).shape).toEqual([1, 4, 11, 12]);
    });
  });

  test("conv2d equals a matmul for a 1×1 kernel (the path without im2col)", () => {
    scope(() => {
      const x = randn([2, 5, 3, 4]), w = randn([6, 5, 1, 1]);
      const y = F.conv2d(x, w);
      const want = w.reshape([6, 5]).matmul(x.reshape([2, 5, 12])).reshape([2, 6, 3, 4]);
      const a = y.dataSync(), b = want.dataSync();
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
    });
  });

  test("a small CNN learns a separable task, and the arena stays flat while it trains", () => {
    manualSeed(11);
    const model = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.ReLU(),
      new nn.Conv2d(4, 4, 3, { stride: 2, groups: 4 }), new nn.ReLU(),
      new nn.Flatten(), new nn.Linear(4 * 3 * 3, 2),
    );
    const opt = new optim.Adam(model.parameters(), { lr: 0.02 });
    // class 1: a bright vertical bar; class 0: a bright horizontal bar, at random places, plus noise
    const n = 32, x = randn([n, 1, 7, 7]).mul(0.3), labels = randint(0, 2, [n]);
    const xs = x.dataSync() as Float32Array, ys = labels.dataSync();
    for (let i = 0; i < n; i++) for (let j = 0; j < 7; j++) {
      const at = (i * 5) % 7;
      xs[i * 49 + (ys[i] ? j * 7 + at : at * 7 + j)] += 2;
    }
    const data = tensor(xs, [n, 1, 7, 7]);
    const step = () => scope(() => {
      const loss = F.crossEntropy(model.forward(data), labels);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.item();
    });
    const first = step();
    for (let i = 0; i < 10; i++) step();
    const warm = memoryStats();
    let last = first;
    for (let i = 0; i < 60; i++) last = step();
    const after = memoryStats();
    expect(last).toBeLessThan(first * 0.2);
    expect(after.bytesInUse).toBe(warm.bytesInUse);
    expect(after.tensors).toBe(warm.tensors);
  });
});
