// Finite-difference gradient checks of ops over shapes the golden files do not cover, under every isa.
import { describe, expect, test } from "vitest";
import { type Tensor, Generator, gradcheck, init, supportedIsas, tensor } from "simdgrad";

export interface InputSpec {
  shape: number[];
  /** Value generator: "normal" (default), "positive" (0.2…2.2), "awayFromZero" (|x| ≥ 0.1), "distinct" (spaced apart, no ties). */
  kind?: "normal" | "positive" | "awayFromZero" | "distinct";
  /** false for inputs that are not differentiated. */
  grad?: boolean;
}

function values(spec: InputSpec, gen: Generator): Float32Array {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const kind = spec.kind ?? "normal";
  if (kind === "distinct") {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = gen.int(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    return Float32Array.from(perm, (p) => (p - n / 2) * 0.05);
  }
  return Float32Array.from({ length: n }, () => {
    const v = gen.normal();
    if (kind === "positive") return 0.2 + 2 * gen.random();
    if (kind === "awayFromZero") return Math.sign(v || 1) * (0.1 + Math.abs(v));
    return v;
  });
}

/** One gradcheck test per isa: fn applied to fresh inputs of the given specs; tolerance 1e-3 (or as given). */
export function checkGrad(name: string, fn: (...xs: Tensor[]) => Tensor, specs: (InputSpec | number[])[], opts: { rtol?: number; atol?: number } = {}): void {
  for (const isa of supportedIsas()) {
    describe(`gradcheck [${isa}]`, () => {
      test(name, async () => {
        await init({ isa });
        const gen = new Generator(name.length * 7919);
        const inputs = specs.map((s) => {
          const spec = Array.isArray(s) ? { shape: s } : s;
          return tensor(values(spec, gen), spec.shape, { requiresGrad: spec.grad !== false });
        });
        const r = gradcheck(fn, inputs, { rtol: opts.rtol ?? 1e-3, atol: opts.atol ?? 1e-3 });
        expect(r.checked).toBeGreaterThan(0);
        expect(r.failures, `${name}: worst ${r.worst.toFixed(3)}`).toEqual([]);
      });
    });
  }
}
