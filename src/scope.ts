// Lifetimes: scope(fn) frees what fn created and did not return, keep() exempts a tensor, and the leak counter.

/** What a scope can free: tensors (dispose) and autograd nodes (release their saved tensors). */
export interface Disposable {
  dispose(): void;
  /** Kept objects outlive every scope (parameters, gradients, optimizer state). */
  kept: boolean;
  /**
   * Called when a tracked object leaves the outermost scope undisposed (it was returned from it): from then on only
   * the garbage collector can find it if it is forgotten. Objects made inside a scope skip that safety net until then.
   */
  escape?(): void;
}

/** A recorded autograd node, as far as lifetimes need to know it. */
export interface GraphNode {
  readonly inputs: readonly ({ node: GraphNode | null } | null)[];
  release(): void;
  /** Called when a recorded node outlives the outermost scope (a returned tensor needs it), as Disposable.escape. */
  escape?(): void;
}

interface Frame {
  tensors: Disposable[];
  nodes: GraphNode[];
}

const frames: Frame[] = [];

/** A short description of a bad argument, as tensor.ts's describeValue gives it (this layer sits below tensor.ts). */
function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null || typeof v !== "object") return String(v);
  const t = v as { shape?: unknown; dtype?: unknown };
  if (Array.isArray(t.shape) && typeof t.dtype === "string") return `Tensor of shape [${t.shape.join(", ")}] (${t.dtype})`;
  return Array.isArray(v) ? `array of length ${v.length}` : Object.prototype.toString.call(v).slice(8, -1);
}

/** Records a newly created tensor in the innermost scope, if any; false when no scope is open. */
export function track(t: Disposable): boolean {
  if (frames.length === 0) return false;
  frames[frames.length - 1].tensors.push(t);
  return true;
}

/** Whether a scope is open (what is made now will be freed by it, or handed on, or escape()d). */
export function inScope(): boolean {
  return frames.length > 0;
}

/** Records a newly created autograd node in the innermost scope, if any. */
export function trackNode(n: GraphNode): void {
  if (frames.length > 0) frames[frames.length - 1].nodes.push(n);
}

/** Exempts a tensor from every scope: it lives until disposed (or collected). Returns it. */
export function keep<T extends Disposable>(t: T): T {
  if (typeof t !== "object" || t === null || typeof (t as Partial<Disposable>).dispose !== "function" || !("kept" in t)) {
    throw new TypeError(`keep: expected a Tensor (or an object with dispose() and kept), got ${describe(t)}`);
  }
  t.kept = true;
  return t;
}

/**
 * Runs fn and then disposes every tensor created inside it that fn did not return (found in the result, or in arrays
 * and plain objects in it, one level deep) and was not kept; autograd nodes not needed by a returned tensor release
 * their saved tensors. Works with async functions: the scope closes when the promise settles, and frees on exceptions
 * too. Scopes nest; async scopes must not interleave (await one before opening another): without a way to tell which
 * async task made a tensor, the scope that ends first while a later one is open reports the misuse with a TypeError.
 */
export function scope<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`scope: fn must be a function, got ${describe(fn)}`);
  const frame: Frame = { tensors: [], nodes: [] };
  frames.push(frame);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    close(frame, undefined);
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        close(frame, value);
        return value;
      },
      (e) => {
        close(frame, undefined);
        throw e;
      },
    ) as T;
  }
  close(frame, result);
  return result;
}

function close(frame: Frame, result: unknown): void {
  const i = frames.lastIndexOf(frame);
  // a scope opened after this one is still open: two async scopes interleaved (or an async scope was not awaited), so
  // tensors one made may sit in the other's frame; this scope still frees its own, then the misuse is reported
  const interleaved = i >= 0 && i < frames.length - 1;
  if (i >= 0) frames.splice(i, 1);
  release(frame, result);
  if (interleaved) {
    throw new TypeError(
      "scope: async scopes interleaved: this scope ended while one opened after it is still open, so tensors made meanwhile " +
        "may belong to the wrong scope; await each async scope before opening another (or scope each step synchronously)",
    );
  }
}

function release(frame: Frame, result: unknown): void {
  const returned = new Set<Disposable>();
  collect(result, returned, 0);
  const parent = frames.length > 0 ? frames[frames.length - 1] : null;
  for (const t of frame.tensors) {
    if (t.kept) continue;
    if (!returned.has(t)) t.dispose();
    else if (parent) parent.tensors.push(t);
    else t.escape?.();
  }
  if (frame.nodes.length === 0) return;
  const needed = new Set<GraphNode>();
  const stack: GraphNode[] = [];
  for (const t of returned) {
    const node = (t as unknown as { node: GraphNode | null }).node;
    if (node) stack.push(node);
  }
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (needed.has(n)) continue;
    needed.add(n);
    for (const input of n.inputs) if (input?.node) stack.push(input.node);
  }
  for (const n of frame.nodes) {
    if (!needed.has(n)) n.release();
    else if (parent) parent.nodes.push(n);
    else n.escape?.();
  }
}

function collect(value: unknown, into: Set<Disposable>, depth: number): void {
  if (value === null || typeof value !== "object" || depth > 2) return;
  if ("dispose" in value && "kept" in value) {
    into.add(value as Disposable);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collect(v, into, depth + 1);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collect(v, into, depth + 1);
}
