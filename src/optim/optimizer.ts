// Optimizer base: parameter groups, lazily created per-parameter state, zeroGrad, validated hyper-parameters, and
// PyTorch-shaped stateDict() / loadStateDict().
import { noGrad } from "../autograd/grad-mode";
import { full } from "../creation";
import { checkFloat, checkNumber, checkOptions } from "../ops/args";
import { contig, copy } from "../raw";
import { keep } from "../scope";
import { Tensor, describeValue, sameShape } from "../tensor";
import { zeroGrads } from "../nn/module";

export interface ParamGroup {
  params: Tensor[];
  lr: number;
  [option: string]: unknown;
}

export type ParamsInput = Iterable<Tensor> | ({ params: Iterable<Tensor> } & Record<string, unknown>)[];

/** Per-parameter state: named tensors (kept) and numbers such as the step count. */
export type ParamState = Record<string, Tensor | number>;

/**
 * An optimizer's state as PyTorch's optimizer.state_dict() lays it out: per-parameter state keyed by the parameter's
 * index, counting through the groups in order, and each group's hyper-parameters with `params` replaced by indices.
 */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: ({ params: number[] } & Record<string, unknown>)[];
}

/** A copy of a hyper-parameter value (arrays such as betas are copied, so groups and state dicts never share them). */
const copyValue = (v: unknown): unknown => (Array.isArray(v) ? v.map(copyValue) : v);
const copyOptions = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, copyValue(v)])) as T;

export abstract class Optimizer<Options extends { lr: number } = { lr: number }> {
  readonly paramGroups: (ParamGroup & Options)[] = [];
  readonly state = new Map<Tensor, ParamState>();
  /** Names a parameter's state may hold: "step" (a count) and the state tensors. */
  protected abstract readonly stateKeys: readonly string[];

  /** Set by dispose(): the state is gone, and using the optimizer again is an error (it would restart from zero state). */
  private disposed = false;

  constructor(readonly name: string, params: ParamsInput, readonly defaults: Options) {
    if (!isIterable(params)) {
      throw new TypeError(`${name}: params must be an iterable of Tensors or of parameter groups { params, …options }, got ${describeValue(params)}`);
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new RangeError(`${name}: got an empty parameter list`);
    const groups = list[0] instanceof Tensor ? [{ params: list as Tensor[] }] : (list as { params: Iterable<Tensor> }[]);
    groups.forEach((g, gi) => this.addGroup(g, gi));
  }

  /** Adds a group of parameters with its own options (the rest from the constructor's), as PyTorch's add_param_group. */
  addParamGroup(group: { params: Iterable<Tensor> } & Partial<Options>): void {
    this.addGroup(group, this.paramGroups.length);
  }

  private addGroup(g: unknown, gi: number): void {
    const name = this.name;
    if (typeof g !== "object" || g === null || !("params" in g)) throw new TypeError(`${name}: parameter group ${gi} must be an object with params, got ${describeValue(g)}`);
    const { params: ps, ...overrides } = g as { params: Iterable<Tensor> } & Record<string, unknown>;
    const options = this.validate(copyOptions({ ...this.defaults, ...overrides }), name);
    if (!isIterable(ps)) throw new TypeError(`${name}: parameter group ${gi}'s params must be an iterable of Tensors, got ${describeValue(ps)}`);
    const tensors = [...ps];
    const seen = new Set(this.paramGroups.flatMap((pg) => pg.params));
    tensors.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new TypeError(`${name}: params[${i}] of group ${gi} must be a Tensor, got ${describeValue(p)}`);
      p.storage(`${name}: params[${i}]`);
      if (!p.isLeaf || p.dtype !== "float32") throw new TypeError(`${name}: params[${i}] must be a float32 leaf tensor (a parameter)`);
      if (!p.isContiguous()) throw new TypeError(`${name}: params[${i}] must be contiguous (a view such as a transpose cannot be updated in place), got strides [${p.strides.join(", ")}]`);
      if (seen.has(p)) throw new RangeError(`${name}: a parameter appears in more than one place (params[${i}] of group ${gi})`);
      seen.add(p);
    });
    this.paramGroups.push({ ...options, params: tensors });
  }

  /** Checks a group's options; throws a clear error naming `op` (the optimizer, or the call) and the option. */
  protected abstract validate(options: Options, op: string): Options;

  /** Updates one parameter from its gradient (contiguous) with the group's options; state is created lazily. */
  protected abstract update(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup & Options): void;

  /** One optimization step over every parameter that has a gradient (all groups' options are checked first). */
  step(): void {
    this.checkAlive("step");
    for (const group of this.paramGroups) this.validate(group, this.name);
    this.paramGroups.forEach((group) => group.params.forEach((p, i) => {
      if (p.grad?.isDisposed) throw new TypeError(`${this.name}.step: the gradient of params[${i}] (shape [${p.shape.join(", ")}]) was disposed; set p.grad = null instead`);
    }));
    noGrad(() => {
      for (const group of this.paramGroups) {
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
  zeroGrad(opts?: { setToNone?: boolean }): void {
    this.checkAlive("zeroGrad");
    const { setToNone = true } = checkOptions(`${this.name}.zeroGrad`, opts, ["setToNone"]);
    checkBool(`${this.name}.zeroGrad`, "setToNone", setToNone);
    for (const group of this.paramGroups) zeroGrads(group.params, setToNone);
  }

  /**
   * The state as PyTorch's optimizer.state_dict(): { state: { [i]: { step, expAvg, … } }, paramGroups: [{ lr, …,
   * params: [i, …] }] }, parameters numbered across the groups in order. The state tensors are the optimizer's own (not
   * copies); io.saveCheckpoint serialises the whole dict.
   */
  stateDict(): OptimizerStateDict {
    this.checkAlive("stateDict");
    const state: OptimizerStateDict["state"] = {};
    let next = 0;
    const paramGroups = this.paramGroups.map(({ params, ...hyper }) => ({
      ...copyOptions(hyper),
      params: params.map((p) => {
        const s = this.state.get(p);
        if (s && Object.keys(s).length > 0) state[next] = { ...s };
        return next++;
      }),
    }));
    return { state, paramGroups };
  }

  /**
   * Restores a state dict from stateDict() (or io.loadCheckpoint): the same number of groups and of parameters in each,
   * known state names, state tensors shaped like their parameter. Hyper-parameters are replaced, state tensors copied
   * (never aliased). Everything is checked before anything changes.
   */
  loadStateDict(dict: OptimizerStateDict): void {
    this.checkAlive("loadStateDict");
    const op = `${this.name}.loadStateDict`;
    if (typeof dict !== "object" || dict === null || typeof dict.state !== "object" || dict.state === null || !Array.isArray(dict.paramGroups)) {
      throw new TypeError(`${op}: expected { state, paramGroups } as stateDict() returns, got ${describeValue(dict)}`);
    }
    const saved = dict.paramGroups;
    if (saved.length !== this.paramGroups.length) {
      throw new RangeError(`${op}: the state dict has ${saved.length} parameter groups, the optimizer has ${this.paramGroups.length}`);
    }
    const byIndex = new Map<number, Tensor>();
    const options = saved.map((sg, gi) => {
      if (typeof sg !== "object" || sg === null || !Array.isArray(sg.params)) {
        throw new TypeError(`${op}: paramGroups[${gi}] must be an object with params (parameter indices), got ${describeValue(sg)}`);
      }
      const { params, ...hyper } = sg;
      const own = this.paramGroups[gi].params;
      if (params.length !== own.length) throw new RangeError(`${op}: paramGroups[${gi}] has ${params.length} parameters, the optimizer's group has ${own.length}`);
      params.forEach((i, j) => {
        checkNumber(op, `paramGroups[${gi}].params[${j}]`, i, (v) => Number.isInteger(v) && v >= 0 && !byIndex.has(v), "a parameter index not used before");
        byIndex.set(i, own[j]);
      });
      return this.validate(copyOptions({ ...this.defaults, ...hyper }), `${op}: paramGroups[${gi}]`);
    });
    const loaded: [Tensor, Record<string, number>, [string, Tensor][]][] = [];
    for (const [key, entry] of Object.entries(dict.state)) {
      const p = /^\d+$/.test(key) ? byIndex.get(Number(key)) : undefined;
      if (p === undefined) throw new RangeError(`${op}: state has an entry for parameter ${key}, which no parameter group lists`);
      if (typeof entry !== "object" || entry === null) throw new TypeError(`${op}: state[${key}] must be an object, got ${describeValue(entry)}`);
      const numbers: Record<string, number> = {}, tensors: [string, Tensor][] = [];
      for (const [name, v] of Object.entries(entry)) {
        const what = `state[${key}].${name}`;
        if (!this.stateKeys.includes(name)) throw new TypeError(`${op}: unknown state ${what} (${this.name} keeps ${this.stateKeys.join(", ")})`);
        if (name === "step") numbers.step = checkNumber(op, what, v, (x) => Number.isInteger(x) && x >= 0, "an integer >= 0");
        else {
          if (v instanceof Tensor) v.storage(`${op}: ${what}`);
          const t = checkFloat(op, what, v);
          if (!sameShape(t.shape, p.shape)) throw new RangeError(`${op}: ${what} has shape [${t.shape.join(", ")}], its parameter has [${p.shape.join(", ")}]`);
          tensors.push([name, t]);
        }
      }
      loaded.push([p, numbers, tensors]);
    }
    // copy first: the source may be this optimizer's own state, freed just below
    const fresh = loaded.map(([p, numbers, tensors]): [Tensor, ParamState] => [p, { ...numbers, ...Object.fromEntries(tensors.map(([n, t]) => [n, keep(copy(t))])) }]);
    this.freeState();
    for (const [p, s] of fresh) this.state.set(p, s);
    options.forEach((o, gi) => Object.assign(this.paramGroups[gi], o));
  }

  /**
   * Frees the optimizer's state tensors (momentum buffers, moment estimates); the parameters are untouched. Idempotent;
   * the optimizer cannot be used afterwards (step() would silently restart from zero state).
   */
  dispose(): void {
    this.freeState();
    this.disposed = true;
  }

  private freeState(): void {
    for (const state of this.state.values()) for (const v of Object.values(state)) if (v instanceof Tensor) v.dispose();
    this.state.clear();
  }

  private checkAlive(method: string): void {
    if (this.disposed) throw new TypeError(`${this.name}.${method}: the optimizer was disposed; create a new one (or load a state dict into a new one)`);
  }

  /** The state tensor `name` of p, created (kept, filled with `value`) the first time it is needed. */
  protected stateBuffer(state: ParamState, p: Tensor, name: string, value = 0): Tensor {
    return (state[name] ??= keep(full(p.shape, value))) as Tensor;
  }

  /** Advances and returns the parameter's step count (1 at the first step). */
  protected nextStep(state: ParamState): number {
    return (state.step = ((state.step as number | undefined) ?? 0) + 1);
  }
}

const isIterable = (v: unknown): boolean =>
  typeof v === "object" && v !== null && !(v instanceof Tensor) && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function";

/** Rejects option names the optimizer does not know (a typo such as learningRate for lr must not be ignored). */
export function checkKnown(name: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (key !== "params" && !known.includes(key)) throw new TypeError(`${name}: unknown option "${key}" (expected ${known.join(", ")})`);
  }
}

/** A hyper-parameter check: v must be a finite number passing test. */
export function checkHyper(name: string, option: string, v: unknown, test: (v: number) => boolean, want: string): number {
  return checkNumber(name, option, v, (x) => Number.isFinite(x) && test(x), want);
}

/** A boolean option (maximize, amsgrad, nesterov, centered), or a TypeError. */
export function checkBool(name: string, option: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${name}: ${option} must be a boolean, got ${describeValue(v)}`);
  return v;
}
