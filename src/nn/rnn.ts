// Recurrent modules with PyTorch's parameters, names and semantics: LSTM, GRU and RNN over sequences, and their cells.
import { Module, Parameter } from "./module";
import { uniform } from "./init";
import { type Tensor, describeValue, empty, sameShape, className } from "../tensor";
import { checkFloat, checkNumber, checkOptions } from "../ops/args";
import { dropout as dropoutFn } from "../ops/dropout";
import { cat, reshape, slice, squeeze, stack, transpose, unsqueeze } from "../ops/movement";
import { GATES, type RnnMode, recurrentLayer } from "../ops/rnn";

export interface RNNOptions {
  /** Stacked layers; layer k > 0 reads the outputs of layer k − 1 (default 1). */
  numLayers?: number;
  /** Use bias_ih and bias_hh (default true). */
  bias?: boolean;
  /** Input and output as [N, T, features] instead of [T, N, features] (default false; states stay [layers, N, H]). */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training mode (default 0). */
  dropout?: number;
  /** Also run each layer from the last step to the first and concatenate both outputs (default false). */
  bidirectional?: boolean;
}

export interface ElmanOptions extends RNNOptions {
  /** The cell's nonlinearity (default "tanh"). */
  nonlinearity?: "tanh" | "relu";
}

const positiveInt = (op: string, name: string, v: unknown) => checkNumber(op, name, v, (x) => Number.isInteger(x) && x > 0, "a positive integer");

function checkBool(op: string, name: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${op}: ${name} must be a boolean, got ${describeValue(v)}`);
  return v;
}

function checkNonlinearity(op: string, v: unknown): RnnMode {
  if (v !== "tanh" && v !== "relu") throw new RangeError(`${op}: nonlinearity must be "tanh" or "relu", got ${describeValue(v)}`);
  return v === "tanh" ? "rnnTanh" : "rnnRelu";
}

const shapeStr = (s: readonly number[]) => `[${s.join(", ")}]`;

/** A state tensor (h0, c0, hx, cx) of exactly `shape`, or null when absent. */
function checkState(op: string, name: string, t: unknown, shape: number[]): Tensor | null {
  if (t === null || t === undefined) return null;
  const s = checkFloat(op, name, t);
  if (!sameShape(s.shape, shape)) throw new RangeError(`${op}: ${name} must have shape ${shapeStr(shape)}, got ${shapeStr(s.shape)}`);
  return s;
}

/**
 * The module's parameter `name` (a property a user may have replaced): a float32 tensor of exactly `shape`, or absent
 * (null) when `optional`.
 */
function checkWeight(m: Module, name: string, shape: number[], optional: boolean): Tensor | null {
  const op = className(m);
  const t = (m as unknown as Record<string, unknown>)[name];
  if ((t === null || t === undefined) && optional) return null;
  const w = checkFloat(op, name, t);
  if (!sameShape(w.shape, shape)) throw new RangeError(`${op}: ${name} must have shape ${shapeStr(shape)}, got ${shapeStr(w.shape)}`);
  return w;
}

/** Initial states of [h, c] form: null, or an array of two tensors (or nulls). */
function stateArray(op: string, hx: unknown): [unknown, unknown] {
  if (hx === null || hx === undefined) return [null, null];
  if (!Array.isArray(hx) || hx.length !== 2) throw new TypeError(`${op}: hx must be [h0, c0] (an array of two tensors) or null, got ${describeValue(hx)}`);
  return [hx[0], hx[1]];
}

/**
 * The stacked, optionally bidirectional recurrence shared by LSTM, GRU and RNN. Parameters are registered in
 * PyTorch's order and names: for each layer k, for each direction, weight_ih_l{k}[_reverse] [G·H, in],
 * weight_hh_l{k}[_reverse] [G·H, H], then (bias) bias_ih_l{k}[_reverse] and bias_hh_l{k}[_reverse] [G·H]; all start
 * as U(−1/√H, 1/√H).
 */
abstract class RNNBase extends Module {
  static readonly typeName: string = "RNNBase";
  declare weight_ih_l0: Tensor;
  declare weight_hh_l0: Tensor;
  declare bias_ih_l0?: Tensor;
  declare bias_hh_l0?: Tensor;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;

  constructor(protected readonly mode: RnnMode, readonly inputSize: number, readonly hiddenSize: number, opts: ElmanOptions | undefined, extra: string[] = []) {
    super();
    const op = className(this);
    positiveInt(op, "inputSize", inputSize);
    positiveInt(op, "hiddenSize", hiddenSize);
    const o = checkOptions(op, opts, ["numLayers", "bias", "batchFirst", "dropout", "bidirectional", ...extra]);
    this.numLayers = positiveInt(op, "numLayers", o.numLayers ?? 1);
    this.bias = checkBool(op, "bias", o.bias ?? true);
    this.batchFirst = checkBool(op, "batchFirst", o.batchFirst ?? false);
    this.dropout = checkNumber(op, "dropout", o.dropout ?? 0, (v) => v >= 0 && v < 1, "a probability in [0, 1)");
    this.bidirectional = checkBool(op, "bidirectional", o.bidirectional ?? false);
    const gh = GATES[mode] * hiddenSize, dirs = this.bidirectional ? 2 : 1;
    for (let l = 0; l < this.numLayers; l++) {
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${l}${d ? "_reverse" : ""}`;
        this.registerParameter(`weight_ih${sfx}`, empty([gh, l === 0 ? inputSize : hiddenSize * dirs]));
        this.registerParameter(`weight_hh${sfx}`, empty([gh, hiddenSize]));
        if (this.bias) {
          this.registerParameter(`bias_ih${sfx}`, empty([gh]));
          this.registerParameter(`bias_hh${sfx}`, empty([gh]));
        }
      }
    }
    this.resetParameters();
  }

  /** Every weight and bias ~ U(−1/√hiddenSize, 1/√hiddenSize) (PyTorch's default). */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters()) uniform(p, -bound, bound);
  }

  /** The parameters of layer l in direction d (1 = reverse), checked: [weight_ih, weight_hh, bias_ih, bias_hh] (biases may be null). */
  layerWeights(l: number, d: number): [Tensor, Tensor, Tensor | null, Tensor | null] {
    const sfx = `_l${l}${d ? "_reverse" : ""}`, H = this.hiddenSize, gh = GATES[this.mode] * H;
    const inSize = l === 0 ? this.inputSize : H * (this.bidirectional ? 2 : 1);
    return [checkWeight(this, `weight_ih${sfx}`, [gh, inSize], false)!, checkWeight(this, `weight_hh${sfx}`, [gh, H], false)!,
      checkWeight(this, `bias_ih${sfx}`, [gh], true), checkWeight(this, `bias_hh${sfx}`, [gh], true)];
  }

  /**
   * Runs the stack on x ([T, N, in], [N, T, in] if batchFirst, or unbatched [T, in]) from optional initial states
   * ([layers·dirs, N, H], or [layers·dirs, H] unbatched): returns the last layer's outputs [T, N, dirs·H] (same
   * layout as x), and the final hidden (and, for LSTM, cell) states of every layer and direction.
   */
  protected run(x: Tensor, h0In: unknown, c0In: unknown): [Tensor, Tensor, Tensor | null] {
    const op = className(this);
    checkFloat(op, "input", x);
    if (x.ndim !== 2 && x.ndim !== 3) {
      throw new RangeError(`${op}: input must be 3-D ${this.batchFirst ? "[N, T, inputSize]" : "[T, N, inputSize]"} or 2-D [T, inputSize] (unbatched), got shape ${shapeStr(x.shape)}`);
    }
    if (x.shape[x.ndim - 1] !== this.inputSize) {
      throw new RangeError(`${op}: input's last dimension must be inputSize = ${this.inputSize}, got input shape ${shapeStr(x.shape)}`);
    }
    const batched = x.ndim === 3;
    const T = batched && this.batchFirst ? x.shape[1] : x.shape[0];
    const N = batched ? x.shape[this.batchFirst ? 0 : 1] : 1;
    if (T === 0) throw new RangeError(`${op}: input must have at least one time step, got shape ${shapeStr(x.shape)}`);
    const dirs = this.bidirectional ? 2 : 1, L = this.numLayers, H = this.hiddenSize;
    const stateShape = batched ? [L * dirs, N, H] : [L * dirs, H];
    const lstm = this.mode === "lstm";
    const h0 = checkState(op, lstm ? "h0" : "hx", h0In, stateShape);
    const c0 = lstm ? checkState(op, "c0", c0In, stateShape) : null;
    const weights = Array.from({ length: L }, (_, l) => Array.from({ length: dirs }, (_, d) => this.layerWeights(l, d)));

    const own: Tensor[] = []; // intermediate handles this call creates (views, per-layer outputs), disposed at the end
    const mine = (t: Tensor) => (own.push(t), t);
    const xs = batched ? (this.batchFirst ? mine(transpose(x, 0, 1)) : x) : mine(unsqueeze(x, 1));
    const states = [h0, c0].map((s) => (s === null ? null : batched ? s : mine(unsqueeze(s, 1))));
    /** state k of [L·dirs, N, H] as [N, H] */
    const pick = (s: Tensor | null, k: number) => (s === null ? null : mine(squeeze(mine(slice(s, 0, k, k + 1)), 0)));
    const hs: Tensor[] = [], cs: Tensor[] = [];
    let input = xs;
    try {
      for (let l = 0; l < L; l++) {
        const outs: Tensor[] = [];
        for (let d = 0; d < dirs; d++) {
          const k = l * dirs + d;
          const [out, hN, cN] = recurrentLayer(this.mode, input, pick(states[0], k), pick(states[1], k), ...weights[l][d], d === 1);
          outs.push(mine(out));
          hs.push(mine(hN));
          if (cN) cs.push(mine(cN));
        }
        let y = dirs === 2 ? mine(cat(outs, 2)) : outs[0];
        if (l < L - 1 && this.dropout > 0 && this.training) y = mine(dropoutFn(y, { p: this.dropout }));
        input = y;
      }
      // the last layer's output in x's layout; a handle of our own is returned as it is, not disposed
      let out = input;
      if (!batched) out = squeeze(input, 1);
      else if (this.batchFirst) out = transpose(input, 0, 1);
      else own.splice(own.indexOf(input), 1); // numLayers >= 1: input is a layer's output, never x
      const fin = (list: Tensor[]) => (batched ? stack(list, 0) : reshape(mine(stack(list, 0)), [L * dirs, H]));
      return [out, fin(hs), lstm ? fin(cs) : null];
    } finally {
      for (const t of own) t.dispose();
    }
  }

  extraRepr(): string {
    const parts = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.numLayers !== 1) parts.push(`numLayers=${this.numLayers}`);
    if (!this.bias) parts.push("bias=false");
    if (this.batchFirst) parts.push("batchFirst=true");
    if (this.dropout) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push("bidirectional=true");
    return parts.join(", ");
  }
}

/**
 * Multi-layer long short-term memory. Per layer and step, with gates in PyTorch's order:
 * i, f, o = σ(x·W_i·ᵀ + b_i· + h'·W_h·ᵀ + b_h·), g = tanh(…); c = f·c' + i·g; h = o·tanh c.
 * forward(x, [h0, c0]?) → [out, [hN, cN]]: x [T, N, inputSize] ([N, T, inputSize] if batchFirst, or [T, inputSize]),
 * h0/c0 and hN/cN [numLayers·dirs, N, hiddenSize] (zeros when absent), out [T, N, dirs·hiddenSize].
 */
export class LSTM extends RNNBase {
  static readonly typeName: string = "LSTM";
  constructor(inputSize: number, hiddenSize: number, opts?: RNNOptions) {
    super("lstm", inputSize, hiddenSize, opts);
  }
  forward(x: Tensor, hx: [Tensor | null, Tensor | null] | null = null): [Tensor, [Tensor, Tensor]] {
    const [h0, c0] = stateArray("LSTM", hx);
    const [out, hN, cN] = this.run(x, h0, c0);
    return [out, [hN, cN!]];
  }
}

/**
 * Multi-layer gated recurrent unit. Per layer and step, gates r, z, n:
 * r, z = σ(x·W_i·ᵀ + b_i· + h'·W_h·ᵀ + b_h·); n = tanh(x·W_inᵀ + b_in + r·(h'·W_hnᵀ + b_hn)); h = (1 − z)·n + z·h'.
 * forward(x, h0?) → [out, hN] with the shapes of LSTM's.
 */
export class GRU extends RNNBase {
  static readonly typeName: string = "GRU";
  constructor(inputSize: number, hiddenSize: number, opts?: RNNOptions) {
    super("gru", inputSize, hiddenSize, opts);
  }
  forward(x: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const [out, hN] = this.run(x, hx, null);
    return [out, hN];
  }
}

/**
 * Multi-layer Elman RNN: h = tanh(x·W_ihᵀ + b_ih + h'·W_hhᵀ + b_hh) (or relu with nonlinearity "relu").
 * forward(x, h0?) → [out, hN] with the shapes of LSTM's.
 */
export class RNN extends RNNBase {
  static readonly typeName: string = "RNN";
  readonly nonlinearity: "tanh" | "relu";
  constructor(inputSize: number, hiddenSize: number, opts?: ElmanOptions) {
    super(checkNonlinearity("RNN", opts?.nonlinearity ?? "tanh"), inputSize, hiddenSize, opts, ["nonlinearity"]);
    this.nonlinearity = this.mode === "rnnTanh" ? "tanh" : "relu";
  }
  forward(x: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const [out, hN] = this.run(x, hx, null);
    return [out, hN];
  }
  extraRepr(): string {
    return super.extraRepr() + (this.nonlinearity === "relu" ? ", nonlinearity=relu" : "");
  }
}

/**
 * One step of a recurrent cell: weight_ih [G·H, inputSize], weight_hh [G·H, H], bias_ih and bias_hh [G·H] (if bias),
 * all U(−1/√H, 1/√H). Input [N, inputSize] or unbatched [inputSize]; states [N, H] or [H], zeros when absent.
 */
abstract class RNNCellBase extends Module {
  static readonly typeName: string = "RNNCellBase";
  weight_ih: Tensor;
  weight_hh: Tensor;
  bias_ih: Tensor | null;
  bias_hh: Tensor | null;
  constructor(protected readonly mode: RnnMode, readonly inputSize: number, readonly hiddenSize: number, bias: unknown) {
    super();
    const op = className(this);
    positiveInt(op, "inputSize", inputSize);
    positiveInt(op, "hiddenSize", hiddenSize);
    checkBool(op, "bias", bias);
    const gh = GATES[mode] * hiddenSize;
    this.weight_ih = Parameter(empty([gh, inputSize]));
    this.weight_hh = Parameter(empty([gh, hiddenSize]));
    this.bias_ih = bias ? Parameter(empty([gh])) : null;
    this.bias_hh = bias ? Parameter(empty([gh])) : null;
    this.resetParameters();
  }

  /** Every weight and bias ~ U(−1/√hiddenSize, 1/√hiddenSize). */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters()) uniform(p, -bound, bound);
  }

  /** One step from the input and the (optional) states: the new hidden state and, for LSTM, the new cell state. */
  protected step(x: Tensor, h0In: unknown, c0In: unknown): [Tensor, Tensor | null] {
    const op = className(this);
    checkFloat(op, "input", x);
    if ((x.ndim !== 1 && x.ndim !== 2) || x.shape[x.ndim - 1] !== this.inputSize) {
      throw new RangeError(`${op}: input must be [N, ${this.inputSize}] or [${this.inputSize}] (unbatched), got shape ${shapeStr(x.shape)}`);
    }
    const batched = x.ndim === 2, N = batched ? x.shape[0] : 1;
    const shape = batched ? [N, this.hiddenSize] : [this.hiddenSize];
    const lstm = this.mode === "lstm";
    const h0 = checkState(op, lstm ? "h0" : "hx", h0In, shape);
    const c0 = lstm ? checkState(op, "c0", c0In, shape) : null;
    const gh = GATES[this.mode] * this.hiddenSize;
    const w = [checkWeight(this, "weight_ih", [gh, this.inputSize], false)!, checkWeight(this, "weight_hh", [gh, this.hiddenSize], false)!,
      checkWeight(this, "bias_ih", [gh], true), checkWeight(this, "bias_hh", [gh], true)] as const;
    const own: Tensor[] = [];
    const as3 = (t: Tensor, lead: number[]) => (own.push(reshape(t, [...lead, N, t.shape[t.ndim - 1]])), own[own.length - 1]);
    try {
      const [out, hN, cN] = recurrentLayer(this.mode, as3(x, [1]), h0 && as3(h0, []), c0 && as3(c0, []), ...w);
      own.push(out);
      const shaped = (t: Tensor) => (batched ? t : (own.push(t), reshape(t, shape)));
      return [shaped(hN), cN ? shaped(cN) : null];
    } finally {
      for (const t of own) t.dispose();
    }
  }

  extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}` + (this.bias_ih === null ? ", bias=false" : "");
  }
}

/** One LSTM step: forward(x, [h, c]?) → [h', c'] (LSTM's formulas for one time step and one layer). */
export class LSTMCell extends RNNCellBase {
  static readonly typeName: string = "LSTMCell";
  constructor(inputSize: number, hiddenSize: number, opts?: { bias?: boolean }) {
    super("lstm", inputSize, hiddenSize, checkOptions("LSTMCell", opts, ["bias"]).bias ?? true);
  }
  forward(x: Tensor, hx: [Tensor | null, Tensor | null] | null = null): [Tensor, Tensor] {
    const [h, c] = stateArray("LSTMCell", hx);
    const [h1, c1] = this.step(x, h, c);
    return [h1, c1!];
  }
}

/** One GRU step: forward(x, h?) → h' (GRU's formulas for one time step and one layer). */
export class GRUCell extends RNNCellBase {
  static readonly typeName: string = "GRUCell";
  constructor(inputSize: number, hiddenSize: number, opts?: { bias?: boolean }) {
    super("gru", inputSize, hiddenSize, checkOptions("GRUCell", opts, ["bias"]).bias ?? true);
  }
  forward(x: Tensor, hx: Tensor | null = null): Tensor {
    return this.step(x, hx, null)[0];
  }
}

/** One Elman RNN step: forward(x, h?) → h' = tanh (or relu) of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh. */
export class RNNCell extends RNNCellBase {
  static readonly typeName: string = "RNNCell";
  readonly nonlinearity: "tanh" | "relu";
  constructor(inputSize: number, hiddenSize: number, opts?: { bias?: boolean; nonlinearity?: "tanh" | "relu" }) {
    const o = checkOptions("RNNCell", opts, ["bias", "nonlinearity"]);
    super(checkNonlinearity("RNNCell", o.nonlinearity ?? "tanh"), inputSize, hiddenSize, o.bias ?? true);
    this.nonlinearity = this.mode === "rnnTanh" ? "tanh" : "relu";
  }
  forward(x: Tensor, hx: Tensor | null = null): Tensor {
    return this.step(x, hx, null)[0];
  }
  extraRepr(): string {
    return super.extraRepr() + (this.nonlinearity === "relu" ? ", nonlinearity=relu" : "");
  }
}
