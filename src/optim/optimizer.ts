// Optimizer base: parameter groups, lazily created per-parameter state, zeroGrad, and validated hyper-parameters.
import { noGrad } from "../autograd/grad-mode";
import { full } from "../creation";
import { contig } from "../raw";
import { keep } from "../scope";
import { Tensor, describeValue } from "../tensor";
import { zeroGrads } from "../nn/module";

export interface ParamGroup {
  params: Tensor[];
  lr: number;
  [option: string]: unknown;
}

export type ParamsInput = Iterable<Tensor> | ({ params: Iterable<Tensor> } & Record<string, unknown>)[];

/** Per-parameter state: named tensors (kept) and numbers such as the step count. */
export type ParamState = Record<string, Tensor | number>;

export abstract class Optimizer<Options extends { lr: number } = { lr: number }> {
  readonly paramGroups: (ParamGroup & Options)[] = [];
  readonly state = new Map<Tensor, ParamState>();

  constructor(readonly name: string, params: ParamsInput, readonly defaults: Options) {
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new RangeError(`${name}: got an empty parameter list`);
    const groups = list[0] instanceof Tensor ? [{ params: list as Tensor[] }] : (list as { params: Iterable<Tensor> }[]);
    const seen = new Set<Tensor>();
    groups.forEach((g, gi) => {
      if (typeof g !== "object" || g === null || !("params" in g)) throw new TypeError(`${name}: parameter group ${gi} must be an object with params`);
      const { params: ps, ...overrides } = g as { params: Iterable<Tensor> } & Record<string, unknown>;
      const options = this.validate({ ...defaults, ...overrides } as Options);
      const tensors = [...ps];
      tensors.forEach((p, i) => {
        if (!(p instanceof Tensor)) throw new TypeError(`${name}: params[${i}] of group ${gi} must be a Tensor, got ${describeValue(p)}`);
        if (!p.isLeaf || p.dtype !== "float32") throw new TypeError(`${name}: params[${i}] must be a float32 leaf tensor (a parameter)`);
        if (seen.has(p)) throw new RangeError(`${name}: a parameter appears in more than one place (params[${i}] of group ${gi})`);
        seen.add(p);
      });
      this.paramGroups.push({ ...options, params: tensors });
    });
  }

  /** Checks and completes a group's options; throws a clear error naming the optimizer and the option. */
  protected abstract validate(options: Options): Options;

  /** Updates one parameter from its gradient (contiguous) with the group's options; state is created lazily. */
  protected abstract update(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup & Options): void;

  /** One optimization step over every parameter that has a gradient. */
  step(): void {
    noGrad(() => {
      for (const group of this.paramGroups) {
        this.validate(group);
        for (const p of group.params) {
          if (p.grad === null) continue;
          let state = this.state.get(p);
          if (!state) this.state.set(p, (state = {}));
          const g = contig(p.grad);
          this.update(p, g, state, group);
          g.dispose();
        }
      }
    });
  }

  /** Clears the gradients of every parameter (setToNone: drop them, the default; else zero them). */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    for (const group of this.paramGroups) zeroGrads(group.params, opts.setToNone ?? true);
  }

  /** Frees the optimizer's state tensors (momentum buffers, moment estimates); the parameters are untouched. */
  dispose(): void {
    for (const state of this.state.values()) for (const v of Object.values(state)) if (v instanceof Tensor) v.dispose();
    this.state.clear();
  }

  /** A kept zero tensor shaped like p, for state buffers. */
  protected buffer(p: Tensor): Tensor {
    return keep(full(p.shape, 0));
  }
}

/** Rejects option names the optimizer does not know (a typo such as learningRate for lr must not be ignored). */
export function checkKnown(name: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (key !== "params" && !known.includes(key)) throw new TypeError(`${name}: unknown option "${key}" (expected ${known.join(", ")})`);
  }
}

/** A hyper-parameter check: v must be a finite number passing test. */
export function checkHyper(name: string, option: string, v: unknown, test: (v: number) => boolean, want: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || !test(v)) throw new RangeError(`${name}: ${option} must be ${want}, got ${describeValue(v)}`);
  return v;
}
