// fit() and evaluate(): the training loop most models need (Keras's model.fit), with history, metrics, validation,
// callbacks and a terminal progress bar, each step inside scope() so a run leaks nothing.
import { noGrad } from "../autograd/grad-mode";
import { Module } from "../nn/module";
import { checkOptions } from "../ops/args";
import { scope } from "../scope";
import { Tensor, describeValue } from "../tensor";
import type { Metric } from "./metrics";
import { ProgressBar, terminalWriter } from "./progress";

/** A loss: loss(output, target) → a 0-d tensor, e.g. F.crossEntropy. */
export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/** What a callback may return: `false` (or a promise of it) stops training; anything else continues. */
export type CallbackResult = void | boolean | Promise<void | boolean>;

export interface BatchInfo {
  /** Epoch, from 1. */
  epoch: number;
  epochs: number;
  /** Batch within the epoch, from 1. */
  batch: number;
  /** Batches per epoch (the loader's `length`), or null when the loader has none. */
  batches: number | null;
  /** This batch's loss. */
  loss: number;
  /** Samples in this batch (the first dimension of its first tensor). */
  size: number;
  /** This batch's metrics. */
  metrics: Record<string, number>;
}

export interface EpochInfo {
  /** Epoch, from 1. */
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch's samples. */
  loss: number;
  metrics: Record<string, number>;
  /** Validation loss after the epoch, or null without `validation`. */
  valLoss: number | null;
  valMetrics: Record<string, number> | null;
  /** Wall-clock seconds of the epoch, validation included. */
  seconds: number;
  /** The history so far, this epoch included. */
  history: History;
}

/** Per-epoch values, index e for epoch e + 1 (Keras's History.history, camelCased and grouped). */
export interface History {
  loss: number[];
  metrics: Record<string, number[]>;
  /** Empty without `validation`. */
  valLoss: number[];
  valMetrics: Record<string, number[]>;
}

export interface FitOptions {
  /** Passes over the loader (default 1). */
  epochs?: number;
  /** Updates the parameters after each backward pass: an optimizer (anything with zeroGrad() and step()). */
  optimizer: { zeroGrad(): void; step(): void };
  /** The loss: a function (F.crossEntropy, F.mseLoss…) or a loss module (nn.CrossEntropyLoss…). */
  loss: LossFn | Module;
  /** Metrics by name, each (output, target) → the batch's mean, e.g. `{ accuracy }`. */
  metrics?: Record<string, Metric>;
  /** Batches [...inputs, target] evaluated after every epoch (in eval mode, without gradients). */
  validation?: Iterable<Tensor[]>;
  /** Called after every step; returning false stops training after this batch (the epoch is still recorded). */
  onBatch?: (info: BatchInfo) => CallbackResult;
  /** Called after every epoch; returning false stops training (e.g. early stopping). */
  onEpoch?: (info: EpochInfo) => CallbackResult;
  /**
   * Progress output: true (default) draws a progress bar per epoch on Node's or Deno's standard output (redrawn in
   * place on a terminal, one line per epoch otherwise) and nothing where there is none (browsers); a function
   * receives the text instead (one line per epoch); false prints nothing.
   */
  verbose?: boolean | ((s: string) => void);
}

export interface EvaluateOptions {
  loss: LossFn | Module;
  metrics?: Record<string, Metric>;
}

const OPTIONS = ["epochs", "optimizer", "loss", "metrics", "validation", "onBatch", "onEpoch", "verbose"];

/**
 * Trains `model` for `epochs` passes over `loader`, whose batches are arrays [...inputs, target]: each step computes
 * L = loss(model.forward(...inputs), target), then optimizer.zeroGrad(), L.backward(), optimizer.step(), inside
 * scope(). The epoch's loss and metrics are means over its samples, Σ_b n_b·v_b / Σ_b n_b. Sets model.train() (and
 * model.eval() during validation). Returns the history of every epoch.
 *
 * @example
 * const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 64, shuffle: true });
 * const history = await fit(model, loader, {
 *   epochs: 5, optimizer: new optim.Adam(model.parameters()), loss: F.crossEntropy, metrics: { accuracy },
 *   validation: new data.DataLoader(new data.TensorDataset(xTest, yTest), { batchSize: 1000 }),
 * });
 * history.valMetrics.accuracy; // [0.79, 0.82, …]
 */
export async function fit(model: Module, loader: Iterable<Tensor[]>, options: FitOptions): Promise<History> {
  const o = checkOptions("fit", options, OPTIONS);
  checkModel("fit", model);
  checkIterable("fit", "loader", loader);
  const epochs = o.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`fit: epochs must be a positive integer, got ${describeValue(epochs)}`);
  const optimizer = o.optimizer;
  if (typeof optimizer?.step !== "function" || typeof optimizer?.zeroGrad !== "function") {
    throw new TypeError(`fit: options.optimizer must be an optimizer with step() and zeroGrad() (e.g. new optim.Adam(model.parameters())), got ${describeValue(optimizer)}`);
  }
  const lossFn = checkLoss("fit", o.loss);
  const metrics = checkMetrics("fit", o.metrics);
  if (o.validation !== undefined) checkIterable("fit", "options.validation", o.validation);
  for (const name of ["onBatch", "onEpoch"] as const) {
    if (o[name] !== undefined && typeof o[name] !== "function") throw new TypeError(`fit: options.${name} must be a function, got ${describeValue(o[name])}`);
  }
  const verbose = o.verbose ?? true;
  if (typeof verbose !== "boolean" && typeof verbose !== "function") throw new TypeError(`fit: options.verbose must be a boolean or a function, got ${describeValue(verbose)}`);
  const terminal = verbose === true ? terminalWriter() : null;
  const write = typeof verbose === "function" ? verbose : terminal?.write;
  const live = terminal?.isTerminal ?? false;
  const length = (loader as { length?: unknown }).length;
  const batches = Number.isInteger(length) ? (length as number) : null;

  const history: History = { loss: [], metrics: {}, valLoss: [], valMetrics: {} };
  for (const name of Object.keys(metrics)) {
    history.metrics[name] = [];
    if (o.validation) history.valMetrics[name] = [];
  }
  model.train();
  let stop = false;
  for (let epoch = 1; epoch <= epochs && !stop; epoch++) {
    const start = performance.now();
    const bar = write && batches !== null ? new ProgressBar(batches, { write, label: `epoch ${epoch}/${epochs}`, unit: "samples", live }) : null;
    const sums = new Mean(metrics);
    let batch = 0;
    for (const b of loader) {
      const { inputs, target, size } = unpack("fit", b, batch);
      const step = scope(() => {
        const output = forward("fit", model, inputs);
        const l = computeLoss("fit", lossFn, output, target);
        optimizer.zeroGrad();
        l.backward();
        optimizer.step();
        return { loss: l.item(), metrics: measure("fit", metrics, output, target) };
      });
      batch++;
      sums.add(size, step.loss, step.metrics);
      bar?.update(batch, { loss: sums.loss(), items: sums.count, metrics: sums.metrics() });
      if (o.onBatch && (await o.onBatch({ epoch, epochs, batch, batches, loss: step.loss, size, metrics: step.metrics })) === false) {
        stop = true;
        break;
      }
    }
    if (batch === 0) throw new RangeError("fit: the loader gave no batches (an empty dataset, or dropLast with fewer samples than batchSize?)");
    const loss = sums.loss(), trained = sums.metrics();
    history.loss.push(loss);
    for (const name of Object.keys(metrics)) history.metrics[name].push(trained[name]);
    let valLoss: number | null = null, valMetrics: Record<string, number> | null = null;
    if (o.validation) {
      model.eval();
      try {
        ({ loss: valLoss, metrics: valMetrics } = evaluateBatches("fit: validation", model, o.validation, lossFn, metrics));
      } finally {
        model.train();
      }
      history.valLoss.push(valLoss);
      for (const name of Object.keys(metrics)) history.valMetrics[name].push(valMetrics[name]);
    }
    const shown = { ...trained };
    if (valLoss !== null) shown["val loss"] = valLoss;
    for (const [name, v] of Object.entries(valMetrics ?? {})) shown[`val ${name}`] = v;
    if (bar) {
      bar.update(batches as number, { loss, items: sums.count, metrics: shown });
      bar.finish();
    } else if (write) {
      write(`epoch ${epoch}/${epochs} ${batch} batches loss ${loss.toFixed(4)}${Object.entries(shown).map(([k, v]) => ` ${k} ${v.toFixed(4)}`).join("")}\n`);
    }
    const seconds = (performance.now() - start) / 1000;
    if (o.onEpoch && (await o.onEpoch({ epoch, epochs, loss, metrics: trained, valLoss, valMetrics, seconds, history })) === false) stop = true;
  }
  return history;
}

/**
 * Mean loss and metrics of `model` over `batches` ([...inputs, target] each), in eval mode and without gradients:
 * Σ_b n_b·v_b / Σ_b n_b. The model's training flag is restored afterwards.
 *
 * @example
 * const { loss, metrics } = evaluate(model, testLoader, { loss: F.crossEntropy, metrics: { accuracy } });
 */
export function evaluate(model: Module, batches: Iterable<Tensor[]>, options: EvaluateOptions): { loss: number; metrics: Record<string, number> } {
  const o = checkOptions("evaluate", options, ["loss", "metrics"]);
  checkModel("evaluate", model);
  checkIterable("evaluate", "batches", batches);
  const lossFn = checkLoss("evaluate", o.loss);
  const metrics = checkMetrics("evaluate", o.metrics);
  const modes = model.modules().map((m) => [m, m.training] as const);
  model.eval();
  try {
    return evaluateBatches("evaluate", model, batches, lossFn, metrics);
  } finally {
    for (const [m, training] of modes) m.training = training;
  }
}

/** Mean loss and metrics over batches, without gradients; `op` names the caller in errors ("fit: validation"). */
function evaluateBatches(op: string, model: Module, batches: Iterable<Tensor[]>, lossFn: LossFn, metrics: Record<string, Metric>) {
  const sums = new Mean(metrics);
  let i = 0;
  for (const b of batches) {
    const { inputs, target, size } = unpack(op, b, i++);
    const step = noGrad(() => scope(() => {
      const output = forward(op, model, inputs);
      return { loss: computeLoss(op, lossFn, output, target).item(), metrics: measure(op, metrics, output, target) };
    }));
    sums.add(size, step.loss, step.metrics);
  }
  if (i === 0) throw new RangeError(`${op}: no batches to evaluate (an empty dataset?)`);
  return { loss: sums.loss(), metrics: sums.metrics() };
}

/** Sample-weighted running means of the loss and each metric. */
class Mean {
  count = 0;
  private lossSum = 0;
  private readonly sums: Record<string, number> = {};
  constructor(metrics: Record<string, Metric>) {
    for (const name of Object.keys(metrics)) this.sums[name] = 0;
  }
  add(n: number, loss: number, metrics: Record<string, number>): void {
    this.count += n;
    this.lossSum += n * loss;
    for (const name of Object.keys(this.sums)) this.sums[name] += n * metrics[name];
  }
  loss(): number {
    return this.lossSum / this.count;
  }
  metrics(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.sums).map(([k, v]) => [k, v / this.count]));
  }
}

function unpack(op: string, b: unknown, index: number): { inputs: Tensor[]; target: Tensor; size: number } {
  if (!Array.isArray(b) || b.length < 2 || !b.every((t) => t instanceof Tensor)) {
    throw new TypeError(`${op}: batch ${index} must be an array [...inputs, target] of at least two tensors (a DataLoader over TensorDataset(x, y) gives [x, y]), got ${describeValue(b)}`);
  }
  const first = b[0] as Tensor;
  return { inputs: b.slice(0, -1), target: b[b.length - 1], size: first.ndim === 0 ? 1 : first.shape[0] };
}

function forward(op: string, model: Module, inputs: Tensor[]): Tensor {
  const out = model.forward(...inputs);
  if (!(out instanceof Tensor)) throw new TypeError(`${op}: model.forward must return a Tensor, got ${describeValue(out)}`);
  return out;
}

function computeLoss(op: string, lossFn: LossFn, output: Tensor, target: Tensor): Tensor {
  const l = lossFn(output, target);
  if (!(l instanceof Tensor) || l.size !== 1) throw new TypeError(`${op}: loss must return a one-element tensor (reduction "mean" or "sum"), got ${describeValue(l)}`);
  return l;
}

function measure(op: string, metrics: Record<string, Metric>, output: Tensor, target: Tensor): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, m] of Object.entries(metrics)) {
    const v = noGrad(() => m(output, target));
    if (typeof v !== "number") throw new TypeError(`${op}: metric "${name}" must return a number, got ${describeValue(v)}`);
    out[name] = v;
  }
  return out;
}

function checkModel(op: string, model: unknown): void {
  if (!(model instanceof Module)) throw new TypeError(`${op}: model must be an nn.Module, got ${describeValue(model)}`);
}

function checkIterable(op: string, what: string, v: unknown): void {
  if (typeof (v as Iterable<unknown> | null)?.[Symbol.iterator] !== "function" || typeof v === "string") {
    throw new TypeError(`${op}: ${what} must be an iterable of batches (e.g. a data.DataLoader), got ${describeValue(v)}`);
  }
}

function checkLoss(op: string, loss: unknown): LossFn {
  if (loss instanceof Module) return (output, target) => loss.forward(output, target) as Tensor;
  if (typeof loss === "function") return loss as LossFn;
  throw new TypeError(`${op}: options.loss must be a loss function (e.g. F.crossEntropy) or a loss module (e.g. new nn.CrossEntropyLoss()), got ${describeValue(loss)}`);
}

function checkMetrics(op: string, metrics: unknown): Record<string, Metric> {
  if (metrics === undefined) return {};
  if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics)) {
    throw new TypeError(`${op}: options.metrics must be an object of named metric functions (e.g. { accuracy }), got ${describeValue(metrics)}`);
  }
  for (const [name, m] of Object.entries(metrics)) {
    if (typeof m !== "function") throw new TypeError(`${op}: metric "${name}" must be a function (output, target) => number, got ${describeValue(m)}`);
  }
  return metrics as Record<string, Metric>;
}
