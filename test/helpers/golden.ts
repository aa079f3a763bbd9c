// The golden harness: runs PyTorch reference cases (test/golden/*.json, see FORMAT.md) against simdgrad, one line per op.
import { describe, expect, test } from "vitest";
import { type Tensor, add, backward, init, supportedIsas, sum, tensor } from "simdgrad";

export interface GoldenTensor {
  shape: number[];
  dtype: "float32" | "int64";
  data: number[];
}
export interface Tol {
  rtol: number;
  atol: number;
}
export interface GoldenCase {
  id: string;
  kind: string;
  op: string;
  desc: string;
  params: Record<string, any>;
  inputs: Record<string, GoldenTensor>;
  outputs: Record<string, GoldenTensor>;
  grads?: Record<string, GoldenTensor>;
  tol: { outputs: Record<string, Tol>; grads?: Record<string, Tol> };
  [k: string]: unknown;
}
export interface GoldenFile {
  file: string;
  cases: GoldenCase[];
}

/** A simdgrad tensor from a golden tensor (int64 → int32). */
export function fromGolden(t: GoldenTensor, requiresGrad = false): Tensor {
  if (t.dtype === "int64") return tensor(Int32Array.from(t.data), t.shape);
  return tensor(Float32Array.from(t.data), t.shape, { requiresGrad });
}

/** Elementwise |got − ref| ≤ atol + rtol·|ref| (exact for integers), with the first failures in the message. */
export function expectClose(what: string, got: Tensor | null, ref: GoldenTensor, tol: Tol): void {
  if (got === null) throw new Error(`${what}: missing (null), expected shape [${ref.shape}]`);
  expect(got.shape, `${what}: shape`).toEqual(ref.shape);
  const values = got.dataSync();
  const exact = ref.dtype === "int64";
  const bad: string[] = [];
  for (let i = 0; i < ref.data.length; i++) {
    const g = values[i], r = ref.data[i];
    const ok = exact ? g === r : Math.abs(g - r) <= tol.atol + tol.rtol * Math.abs(r);
    if (!ok && bad.length < 5) bad.push(`[${i}] got ${g}, want ${r}`);
  }
  if (bad.length > 0) throw new Error(`${what}: outside rtol ${tol.rtol} atol ${tol.atol}: ${bad.join("; ")}`);
}

type Outputs = Tensor | Tensor[] | Record<string, Tensor>;
export type OpFn = (inputs: Record<string, Tensor>, params: Record<string, any>, c: GoldenCase) => Outputs;

/** Names the outputs of fn: one tensor is "out", an array is out0, out1, … (or the file's output names in order). */
function nameOutputs(out: Outputs, c: GoldenCase): Record<string, Tensor> {
  const names = Object.keys(c.outputs);
  if (Array.isArray(out)) return Object.fromEntries(out.map((t, i) => [names[i] ?? `out${i}`, t]));
  if ("shape" in out && "dtype" in out) return { [names[0]]: out as Tensor };
  return out as Record<string, Tensor>;
}

/** Runs every forward/backward case of a golden file under each isa; `fn` maps the case's inputs and params to outputs. */
export function goldenOp(file: GoldenFile, fn: OpFn, filter: (c: GoldenCase) => boolean = () => true): void {
  goldenEach(file, (c) => runCase(c, fn), filter);
}

/** One test per case (filtered) and isa, on a fresh runtime of that isa; `check` asserts the case (e.g. a `spec` recipe). */
export function goldenEach(file: GoldenFile, check: (c: GoldenCase) => void, filter: (c: GoldenCase) => boolean = () => true): void {
  for (const isa of supportedIsas()) {
    describe(`${file.file} [${isa}]`, () => {
      for (const c of file.cases.filter(filter)) {
        test(`${c.id} ${c.desc}`, async () => {
          await init({ isa });
          check(c);
        });
      }
    });
  }
}

export function runCase(c: GoldenCase, fn: OpFn): void {
  const grads = c.grads ?? {};
  const inputs: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(c.inputs)) {
    if (!name.startsWith("upstream")) inputs[name] = fromGolden(t, name in grads);
  }
  const outs = nameOutputs(fn(inputs, c.params, c), c);
  for (const [name, ref] of Object.entries(c.outputs)) expectClose(`${c.id} output ${name}`, outs[name] ?? null, ref, c.tol.outputs[name]);
  if (Object.keys(grads).length === 0) return;
  // L = Σ_k sum(out_k · upstream_k): backward(out, upstream) for one output, a summed scalar otherwise
  const differentiable = Object.keys(c.outputs).filter((n) => c.inputs[n === "out" ? "upstream" : `upstream_${n}`]);
  if (differentiable.length === 1) {
    const n = differentiable[0];
    backward(outs[n], fromGolden(c.inputs[n === "out" ? "upstream" : `upstream_${n}`]));
  } else {
    let total: Tensor | null = null;
    for (const n of differentiable) {
      const term = sum(outs[n].mul(fromGolden(c.inputs[n === "out" ? "upstream" : `upstream_${n}`])));
      total = total === null ? term : add(total, term);
    }
    backward(total!);
  }
  for (const [name, ref] of Object.entries(grads)) expectClose(`${c.id} grad ${name}`, inputs[name].grad, ref, c.tol.grads![name]);
}

/** Runs optimizer trajectory cases: 5 steps with given gradients, parameters compared after each step. */
export function goldenOptimizer(file: GoldenFile, make: (params: Tensor[], p: Record<string, any>) => { step(): void }): void {
  for (const isa of supportedIsas()) {
    describe(`${file.file} [${isa}]`, () => {
      for (const c of file.cases) {
        test(`${c.id} ${c.desc}`, async () => {
          await init({ isa });
          const p = fromGolden(c.inputs.param, true);
          const opt = make([p], c.params);
          const grads = c.inputs.grads, ref = c.outputs.params;
          const n = p.size;
          for (let t = 0; t < grads.shape[0]; t++) {
            p.grad = tensor(Float32Array.from(grads.data.slice(t * n, (t + 1) * n)), p.shape);
            opt.step();
            const want = { shape: p.shape.slice(), dtype: "float32" as const, data: ref.data.slice(t * n, (t + 1) * n) };
            expectClose(`${c.id} params after step ${t + 1}`, p, want, c.tol.outputs.params);
          }
        });
      }
    });
  }
}
