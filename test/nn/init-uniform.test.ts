// nn.init.uniform's fast path (a contiguous tensor: the generator's state in a tight loop) gives exactly the numbers
// successive Generator.random() calls give, leaves the generator in the same state, and a strided view still fills in
// row-major order through the general path.
import { expect, test } from "vitest";
import { Generator, init, nn, scope, zeros } from "simdgrad";

test("uniform on a contiguous tensor: the numbers of a + (b − a)·random(), the generator left where they end", async () => {
  await init();
  scope(() => {
    const t = zeros([301, 37]);
    const g = new Generator(42);
    nn.init.uniform(t, -0.3, 0.7, { generator: g });
    const ref = new Generator(42);
    const want = Float32Array.from({ length: t.size }, () => -0.3 + (0.7 - -0.3) * ref.random());
    expect(t.dataSync()).toEqual(want);
    expect(g.nextU32()).toBe(ref.nextU32());
  });
});

test("uniform on a transposed view: row-major order of the view, as before", async () => {
  await init();
  scope(() => {
    const base = zeros([5, 7]);
    nn.init.uniform(base.transpose(0, 1), 0, 1, { generator: new Generator(3) });
    const ref = new Generator(3);
    const want = new Float32Array(35);
    for (let j = 0; j < 7; j++) for (let i = 0; i < 5; i++) want[i * 7 + j] = ref.random();
    expect(base.dataSync()).toEqual(want);
  });
});
