// Fn: the base class of every differentiable primitive. apply() runs forward and records the node; backward() is the rule.
import { type GraphNode, trackNode } from "../scope";
import { Tensor, describeValue, recordTensors, className } from "../tensor";
import { checkForward, isAnomalyEnabled } from "./anomaly";
import { isGradEnabled, setGradEnabled } from "./grad-mode";

/**
 * A differentiable primitive: subclasses implement forward (on tensors, with autograd off) and backward (gradient of
 * each input given the gradients of the outputs). Hyper-parameters go to the constructor:
 * `new LeakyRelu(0.01).apply(x)`. Tensors needed by backward are kept with save() and freed right after use.
 */
export abstract class Fn implements GraphNode {
  /** The inputs, for the graph walk (null for absent optional inputs). Emptied on release. */
  inputs: (Tensor | null)[] = [];
  /** Which inputs need a gradient. */
  needsGrad: boolean[] = [];
  /** The outputs this node produced (gradients are looked up by them). */
  outputs: Tensor[] = [];
  private savedTensors: Tensor[] = [];
  private freed = false;

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
    inputs.forEach((t, i) => {
      const what = `${className(this)}.apply: inputs[${i}]`;
      if (t !== null && !(t instanceof Tensor)) throw new TypeError(`${what} must be a Tensor or null, got ${describeValue(t)}`);
      t?.storage(what);
    });
    this.needsGrad = inputs.map((t) => t !== null && t.requiresGrad);
    const record = isGradEnabled() && this.needsGrad.some(Boolean);
    const prev = setGradEnabled(false);
    let out: Tensor | Tensor[];
    try {
      out = recordTensors(() => {
        const o = this.forward(...inputs);
        if (isAnomalyEnabled()) checkForward(className(this), inputs, Array.isArray(o) ? o : [o]);
        return o;
      });
    } catch (e) {
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
    for (const t of tensors) this.savedTensors.push(t.alias());
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
    for (const t of this.savedTensors) t.dispose();
    this.savedTensors = [];
    this.inputs = [];
    this.freed = true;
  }
}
