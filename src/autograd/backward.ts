// backward(): walks the recorded graph in reverse topological order, accumulating gradients into the leaves' .grad.
import { full } from "../creation";
import { binary, sumTo } from "../raw";
import { scope } from "../scope";
import { Tensor, describeValue, recordTensors, sameShape, className } from "../tensor";
import type { Fn } from "./fn";
import { checkBackward, isAnomalyEnabled } from "./anomaly";
import { setGradEnabled } from "./grad-mode";

export interface BackwardOptions {
  /** Keep saved tensors so backward can run through the graph again (they are freed with the graph otherwise). */
  retainGraph?: boolean;
}

/**
 * Computes d root / d leaf for every leaf that requires grad and adds it to leaf.grad. `grad` is d loss / d root
 * (required unless root has one element). Gradients are summed back over broadcast dimensions here, once for all ops.
 */
export function backward(root: Tensor, grad: Tensor | null = null, options: BackwardOptions = {}): void {
  if (!(root instanceof Tensor)) throw new TypeError(`backward: expected a Tensor, got ${describeValue(root)}`);
  root.storage("backward");
  if (!root.requiresGrad) {
    throw new TypeError("backward: tensor does not require grad (no input of the ops that made it had requiresGrad: true)");
  }
  if (grad === null && root.size !== 1) {
    throw new RangeError(
      `backward: a gradient can be created implicitly only for one-element outputs, got shape [${root.shape.join(", ")}]; ` +
        "pass backward(grad) with a tensor of that shape",
    );
  }
  if (grad !== null) {
    if (!(grad instanceof Tensor)) throw new TypeError(`backward: grad must be a Tensor, got ${describeValue(grad)}`);
    grad.storage("backward");
    if (!sameShape(grad.shape, root.shape)) {
      throw new RangeError(`backward: grad must have the output's shape [${root.shape.join(", ")}], got [${grad.shape.join(", ")}]`);
    }
  }
  if (typeof options !== "object" || options === null) throw new TypeError(`backward: options must be an object, got ${describeValue(options)}`);
  for (const key of Object.keys(options)) {
    if (key !== "retainGraph") throw new TypeError(`backward: unknown option "${key}" (expected retainGraph)`);
  }
  const retainGraph = options.retainGraph ?? false;
  if (typeof retainGraph !== "boolean") throw new TypeError(`backward: retainGraph must be a boolean, got ${describeValue(retainGraph)}`);
  const prev = setGradEnabled(false);
  try {
    // a backward rule that fails half-way (out of memory) leaves nothing behind: the scope frees what it tracked, the
    // journal the untracked temporaries
    recordTensors(() => scope(() => run(root, grad, retainGraph)));
  } finally {
    setGradEnabled(prev);
  }
}

function run(root: Tensor, grad: Tensor | null, retain: boolean): void {
  const seed = grad === null ? full(root.shape, 1) : grad.detach();
  if (root.node === null) {
    accumulate(root, seed);
    return;
  }
  const order = topologicalOrder(root.node as Fn);
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const outGrads = node.outputs.map((o) => {
      const g = grads.get(o) ?? null;
      grads.delete(o);
      return g;
    });
    if (outGrads.every((g) => g === null)) continue;
    const inputs = node.inputs;
    const needs = node.needsGrad;
    const inGrads = scope(() => node.backward(...outGrads));
    if (isAnomalyEnabled()) checkBackward(className(node), inputs, outGrads, inGrads);
    for (const g of outGrads) g?.dispose();
    if (!retain) node.release();
    for (let j = 0; j < inputs.length; j++) {
      const input = inputs[j];
      let g = inGrads[j] ?? null;
      if (g === null) continue;
      if (input === null || !needs[j]) {
        g.dispose();
        continue;
      }
      if (!sameShape(g.shape, input.shape)) {
        const reduced = sumTo(g, input.shape);
        g.dispose();
        g = reduced;
      }
      if (input.node === null) accumulate(input, g);
      else {
        const prev = grads.get(input);
        if (prev === undefined) grads.set(input, g);
        else {
          grads.set(input, binary("add", prev, g));
          prev.dispose();
          g.dispose();
        }
      }
    }
  }
  for (const g of grads.values()) g.dispose();
}

/** leaf.grad += g (the leaf owns the result). */
function accumulate(leaf: Tensor, g: Tensor): void {
  if (!leaf.requiresGrad) {
    g.dispose();
    return;
  }
  if (leaf.grad === null) leaf.grad = g.isContiguous() && g.offset === 0 ? g : binary("add", g, 0);
  else leaf.grad = binary("add", leaf.grad, g);
  if (leaf.grad !== g) g.dispose();
}

/** Nodes reachable from `root`, each after all nodes it depends on (iterative DFS: deep graphs do not overflow the stack). */
function topologicalOrder(root: Fn): Fn[] {
  const order: Fn[] = [];
  const seen = new Set<Fn>([root]);
  const stack: [Fn, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    if (next === 0 && node.released) {
      throw new Error(
        `backward: the graph through ${className(node)} was already freed by an earlier backward() (or its scope closed); ` +
          "run the forward pass again, or pass { retainGraph: true } to the first backward()",
      );
    }
    if (next < node.inputs.length) {
      top[1]++;
      const child = node.inputs[next]?.node as Fn | null | undefined;
      if (child && !seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      order.push(node);
      stack.pop();
    }
  }
  return order;
}
