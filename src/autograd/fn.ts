// Fn: the base class of every differentiable primitive. apply() runs forward and records the node; backward() is the rule.
import { type GraphNode, inScope, trackNode } from "../scope";
import { Tensor, abortJournal, closeJournal, describeValue, openJournal, className } from "../tensor";
import { checkForward, isAnomalyEnabled } from "./anomaly";
import { isGradEnabled, setGradEnabled } from "./grad-mode";

/** The empty list every node starts with and returns to on release (shared: never mutated; saves four arrays per op). */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * A differentiable primitive: subclasses implement forward (on tensors, with autograd off) and backward (gradient of
 * each input given the gradients of the outputs). Hyper-parameters go to the constructor:
 * `new LeakyRelu(0.01).apply(x)`. Tensors needed by backward are kept with save() and freed right after use.
 */
export abstract class Fn implements GraphNode {
  /** The inputs, for the graph walk (null for absent optional inputs). Emptied on release. */
  inputs: (Tensor | null)[] = NONE;
  /** Which inputs need a gradient. */
  needsGrad: boolean[] = NONE;
  /** The outputs this node produced (gradients are looked up by them). */
  outputs: Tensor[] = NONE;
  private savedTensors: Tensor[] = NONE;
  private freed = false;
  /** Whether this application records the graph (save() keeps nothing otherwise). */
  private recording = false;

  abstract forward(...inputs: (Tensor | null)[]): Tensor | Tensor[];
  /** Gradients w.r.t. each input (null where not needed or not differentiable); `grads` has one entry per output. */
  abstract backward(...grads: (Tensor | null)[]): (Tensor | null)[];

  /** Runs forward and records this node when grad mode is on and some input requires grad. */
  apply(...inputs: (Tensor | null)[]): Tensor {
    const out = this.run(inputs);
    if (Array.isArray(out)) throw new Error(`${className(this)}: has several outputs; use applyMulti`);
    return out;
  }

  /** apply() for primitives with several outputs. */
  applyMulti(...inputs: (Tensor | null)[]): Tensor[] {
    const out = this.run(inputs);
    return Array.isArray(out) ? out : [out];
  }

  private run(inputs: (Tensor | null)[]): Tensor | Tensor[] {
    // the happy path builds no strings and no closures: error messages are made only when a check fails
    let anyNeeds = false;
    const needs = new Array<boolean>(inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      const t = inputs[i];
      if (t !== null && !(t instanceof Tensor)) throw new TypeError(`${className(this)}.apply: inputs[${i}] must be a Tensor or null, got ${describeValue(t)}`);
      if (t !== null && !t.isLive()) t.storage(`${className(this)}.apply: inputs[${i}]`); // throws the error
      needs[i] = t !== null && t.requiresGrad;
      anyNeeds ||= needs[i];
    }
    this.needsGrad = needs;
    const record = anyNeeds && isGradEnabled();
    this.recording = record;
    const prev = setGradEnabled(false);
    let out: Tensor | Tensor[];
    const journal = openJournal();
    try {
      out = this.forward(...inputs);
      if (isAnomalyEnabled()) checkForward(className(this), inputs, Array.isArray(out) ? out : [out]);
      closeJournal(journal);
    } catch (e) {
      abortJournal(journal);
      this.release();
      throw e;
    } finally {
      setGradEnabled(prev);
    }
    if (!record) {
      this.release();
      return out;
    }
    this.inputs = inputs;
    this.outputs = Array.isArray(out) ? out : [out];
    for (const o of this.outputs) {
      if (o.dtype !== "float32") continue;
      o.node = this;
      o.requiresGrad = true;
    }
    trackNode(this);
    return out;
  }

  /** Keeps tensors for backward (their storage stays alive even if the caller disposes them). */
  protected save(...tensors: Tensor[]): void {
    if (!this.recording) return; // no graph is recorded: backward never runs (forward must not read this.saved)
    if (this.savedTensors === NONE) this.savedTensors = [];
    // inside a scope this node is tracked by it (run() ends with trackNode): the scope releases it or escape()s it
    const watch = !inScope();
    for (const t of tensors) {
      const a = t.alias();
      if (watch) a.watch();
      this.savedTensors.push(a);
    }
  }

  /** Called by scope() when the graph through this node outlives the outermost scope: its saved handles get the safety net. */
  escape(): void {
    for (const t of this.savedTensors) t.watch();
  }

  /** The saved tensors, in save order. */
  protected get saved(): Tensor[] {
    if (this.freed) throw new Error(`backward: ${className(this)} has already released its saved tensors`);
    return this.savedTensors;
  }

  /** True once the saved tensors are freed (after backward, or when its scope closed). */
  get released(): boolean {
    return this.freed;
  }

  /** Frees the saved tensors and unlinks the inputs. Idempotent. */
  release(): void {
    if (this.savedTensors.length > 0) {
      for (const t of this.savedTensors) t.dispose();
      this.savedTensors = NONE;
    }
    this.inputs = NONE;
    this.freed = true;
  }
}
