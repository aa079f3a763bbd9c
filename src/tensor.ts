// Tensor: a refcounted storage block in the arena plus shape, strides and offset (in elements); lifetimes and read-back.
import type { ArenaStats } from "./backend/arena";
import { currentRuntime, runtime, type Runtime } from "./backend/runtime";
import { type Disposable, type GraphNode, track } from "./scope";

export type DType = "float32" | "int32";

/** A refcounted block of the arena. Views and saved-for-backward handles share it; the last release frees it. */
export class Storage {
  refs = 1;
  constructor(readonly rt: Runtime, readonly ptr: number, readonly bytes: number) {}
  retain(): this {
    this.refs++;
    return this;
  }
  release(): void {
    if (--this.refs === 0 && currentRuntime() === this.rt) this.rt.arena.release(this.ptr);
  }
}

const counters = { live: 0, leaked: 0 };

/**
 * Journals of the ops running now (innermost last): every tensor made while one is open, tracked or not, so that an op
 * that fails half-way (out of memory, a bad value found late) frees what it had made. One flat stack for all nesting
 * levels: a journal is the stretch from its mark to the top, and a journal that closes normally leaves its tensors to
 * the enclosing one. See openJournal() and recordTensors().
 */
const journal: (Tensor | undefined)[] = [];
let journalTop = 0;
let journalDepth = 0;

/** @internal Opens a journal; returns its mark for closeJournal/abortJournal. */
export function openJournal(): number {
  journalDepth++;
  return journalTop;
}

/** @internal Closes the innermost journal after success: its tensors pass to the enclosing one (forgotten at the outermost). */
export function closeJournal(_mark: number): void {
  if (--journalDepth === 0) clearJournal(0);
}

/** @internal Closes the innermost journal after a failure: disposes those of its tensors that are not kept. */
export function abortJournal(mark: number): void {
  for (let i = mark; i < journalTop; i++) {
    const t = journal[i]!;
    if (!t.kept) t.dispose();
  }
  clearJournal(mark);
  journalDepth--;
}

/** Forgets entries from `mark` up (the slots are cleared so the garbage collector can still find leaked tensors). */
function clearJournal(mark: number): void {
  for (let i = mark; i < journalTop; i++) journal[i] = undefined;
  journalTop = mark;
}

/**
 * Runs fn recording the tensors it makes. If fn throws, those not kept (parameters, gradients, optimizer state) and
 * not disposed yet are disposed before the error goes on; if it returns, they are handed to the enclosing journal.
 */
export function recordTensors<T>(fn: () => T): T {
  const mark = openJournal();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    abortJournal(mark);
    throw e;
  }
  closeJournal(mark);
  return result;
}

/** Frees storage of tensors that were garbage-collected without dispose(), and counts them as leaked. */
const finalizer =
  typeof FinalizationRegistry === "undefined"
    ? null
    : new FinalizationRegistry<Storage>((s) => {
        counters.leaked++;
        counters.live--;
        s.release();
      });

/** Row-major strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export class Tensor implements Disposable {
  /** Extent of each dimension. */
  readonly shape: readonly number[];
  /** Elements to step in storage per step along each dimension (0 for broadcast dimensions). */
  readonly strides: readonly number[];
  /** Element offset of the first element in the storage. */
  readonly offset: number;
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** The autograd node that produced this tensor (PyTorch's grad_fn), or null for leaves. */
  node: GraphNode | null = null;
  private isKept = false;
  /** Registered with the finalizer (the safety net for forgotten tensors). */
  private watched = false;
  private store: Storage | null;
  private requires = false;
  private gradient: Tensor | null = null;

  /** @internal Tensors are made by tensor(), zeros(), ops and views; this constructor takes a storage reference. */
  constructor(storage: Storage, shape: readonly number[], dtype: DType, strides?: readonly number[], offset = 0, tracked = true) {
    this.store = storage;
    this.shape = shape;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
    this.dtype = dtype;
    this.size = sizeOf(shape);
    counters.live++;
    if (journalDepth > 0) journal[journalTop++] = this;
    // Untracked tensors are internal temporaries that their creator disposes; only the rest need the safety net, and
    // those made inside a scope only once they leave it undisposed (escape(), or kept): registering costs ~0.3 µs.
    if (tracked && !track(this)) this.watch();
  }

  /** Kept tensors outlive every scope (parameters, gradients, optimizer state); see keep(). */
  get kept(): boolean {
    return this.isKept;
  }
  set kept(value: boolean) {
    if (typeof value !== "boolean") throw new TypeError(`kept: must be a boolean, got ${describeValue(value)}`);
    this.isKept = value;
    if (value) this.watch();
  }

  /** @internal Hands the tensor to the finalizer's safety net (idempotent): if it is forgotten, GC frees its storage. */
  watch(): void {
    if (this.watched || this.store === null || finalizer === null) return;
    finalizer.register(this, this.store, this);
    this.watched = true;
  }

  /** @internal Called by scope() when this tensor is returned out of the outermost scope. */
  escape(): void {
    this.watch();
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Whether gradients flow to this tensor. Only leaves (tensors no op produced) may change it. */
  get requiresGrad(): boolean {
    return this.requires;
  }
  set requiresGrad(value: boolean) {
    if (typeof value !== "boolean") throw new TypeError(`requiresGrad: must be a boolean, got ${describeValue(value)}`);
    if (this.node !== null && !value) {
      throw new TypeError("requiresGrad: only leaf tensors can be set; use detach() for a tensor that does not require grad");
    }
    if (value && this.dtype !== "float32") throw new TypeError(`requiresGrad: only float32 tensors can require grad, got ${this.dtype}`);
    this.requires = value;
  }

  /** A leaf is a tensor no recorded op produced: gradients accumulate in its .grad. */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** The accumulated gradient, or null. The tensor owns it: assigning a new one disposes the old. */
  get grad(): Tensor | null {
    return this.gradient;
  }
  set grad(g: Tensor | null) {
    if (g !== null) {
      if (!(g instanceof Tensor)) throw new TypeError(`grad: expected a Tensor or null, got ${describeValue(g)}`);
      g.storage("grad");
      if (g.dtype !== "float32") throw new TypeError(`grad: must be float32, got ${g.dtype}`);
      if (!sameShape(g.shape, this.shape)) {
        throw new RangeError(`grad: must have the tensor's shape [${this.shape.join(", ")}], got [${g.shape.join(", ")}]`);
      }
      g.kept = true;
    }
    if (this.gradient !== null && this.gradient !== g) this.gradient.dispose();
    this.gradient = g;
  }

  /** True after dispose(). */
  get isDisposed(): boolean {
    return this.store === null;
  }

  /** Frees this handle's reference to the storage (views keep it alive) and the gradient. Idempotent. */
  dispose(): void {
    if (this.store === null) return;
    if (this.watched) finalizer!.unregister(this);
    counters.live--;
    this.store.release();
    this.store = null;
    if (this.gradient !== null) {
      this.gradient.dispose();
      this.gradient = null;
    }
  }

  /** @internal The storage, after checking that the tensor is alive and belongs to the current runtime. */
  storage(op = "tensor"): Storage {
    const s = this.store;
    if (s === null) throw new TypeError(`${op}: tensor of shape [${this.shape.join(", ")}] was disposed`);
    if (s.rt !== currentRuntime()) throw new TypeError(`${op}: tensor belongs to a runtime replaced by a later init()`);
    return s;
  }

  /** @internal Whether the tensor is alive and belongs to the current runtime (storage() would not throw). */
  isLive(): boolean {
    const s = this.store;
    return s !== null && s.rt === currentRuntime();
  }

  /** @internal Byte address of the first element. */
  ptr(op?: string): number {
    return this.storage(op).ptr + this.offset * 4;
  }

  /** Whether elements are laid out row-major without gaps (size-1 dimensions may have any stride). */
  isContiguous(): boolean {
    let expected = 1;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      if (this.shape[d] === 1) continue;
      if (this.strides[d] !== expected) return false;
      expected *= this.shape[d];
    }
    return true;
  }

  /** @internal A new handle on the same storage with another shape/strides/offset (a view). */
  stridedView(shape: readonly number[], strides: readonly number[], offset: number, tracked = true): Tensor {
    return new Tensor(this.storage("view").retain(), shape, this.dtype, strides, offset, tracked);
  }

  /**
   * @internal A handle for autograd to keep until backward: not tracked by scopes; its node watch()es it (collected if
   * the graph is dropped) unless the node's scope will release it.
   */
  alias(): Tensor {
    return this.stridedView(this.shape, this.strides, this.offset, false);
  }

  /** A tensor sharing this one's data, cut off from autograd (requiresGrad false, no node). */
  detach(): Tensor {
    this.storage("detach");
    return this.stridedView(this.shape, this.strides, this.offset);
  }

  /** A copy of the elements as a flat typed array, row-major (synchronous). */
  dataSync(): Float32Array | Int32Array {
    return this.read("dataSync");
  }

  /** dataSync() with errors naming the calling method. */
  private read(op: string): Float32Array | Int32Array {
    const rt = this.storage(op).rt;
    const src = this.dtype === "int32" ? rt.i32() : rt.f32();
    const out = this.dtype === "int32" ? new Int32Array(this.size) : new Float32Array(this.size);
    const base = (this.storage().ptr >> 2) + this.offset;
    if (this.isContiguous()) {
      out.set(src.subarray(base, base + this.size));
      return out;
    }
    forEachOffset(this.shape, this.strides, (i, off) => (out[i] = src[base + off]));
    return out;
  }

  /** A copy of the elements as a flat typed array, row-major. */
  async data(): Promise<Float32Array | Int32Array> {
    return this.read("data");
  }

  /**
   * The elements as nested arrays (a number for a 0-d tensor), like PyTorch's tolist(). Typed `any` so results index
   * and iterate without casts; the value is always a NestedArray.
   */
  toArray(): any {
    const flat = this.read("toArray");
    if (this.shape.length === 0) return flat[0];
    let i = 0;
    const build = (d: number): NestedArray =>
      d === this.shape.length - 1
        ? Array.from(flat.subarray(i, (i += this.shape[d])))
        : Array.from({ length: this.shape[d] }, () => build(d + 1));
    return build(0);
  }

  /** The value of a one-element tensor. */
  item(): number {
    this.storage("item");
    if (this.size !== 1) throw new RangeError(`item: only one-element tensors can be converted, got shape [${this.shape.join(", ")}]`);
    return this.read("item")[0];
  }

  toString(): string {
    if (this.isDisposed) return `tensor(<disposed>, shape=[${this.shape.join(", ")}])`;
    const flat = this.dataSync();
    const fmt = (v: number) => (this.dtype === "int32" ? String(v) : formatFloat(v));
    let i = 0;
    const limit = 6;
    const build = (d: number, indent: number): string => {
      if (d === this.shape.length) return fmt(flat[i++]);
      const n = this.shape[d];
      const parts: string[] = [];
      const stride = sizeOf(this.shape.slice(d + 1));
      for (let k = 0; k < n; k++) {
        if (n > limit && k === 3) {
          parts.push("...");
          i += stride * (n - 6);
          k = n - 3;
        }
        parts.push(build(d + 1, indent + 1));
      }
      const sep = d === this.shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + 8);
      return "[" + parts.join(sep) + "]";
    };
    const extras = [
      this.dtype === "int32" ? "dtype=int32" : "",
      this.node ? `grad_fn=<${className(this.node)}Backward>` : this.requires ? "requiresGrad=true" : "",
    ].filter(Boolean);
    return `tensor(${build(0, 0)}${extras.length ? ", " + extras.join(", ") : ""})`;
  }
}

export type NestedArray = number | NestedArray[];

/** Calls fn(i, offset) for every element in row-major order, with offset = Σ index·stride. */
export function forEachOffset(shape: readonly number[], strides: readonly number[], fn: (i: number, offset: number) => void): void {
  const n = sizeOf(shape);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    fn(i, off);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      off += strides[d];
      if (idx[d] < shape[d]) break;
      off -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

function formatFloat(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return v.toFixed(0) + ".";
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(4) : Number(v.toPrecision(5)).toString();
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A short description of a value for error messages. */
/**
 * The class name of `o` for messages and reprs: simdgrad's own classes carry it as `static readonly typeName`, which
 * survives minifiers that rename classes; other classes (a user's Module subclass) give constructor.name.
 */
export function className(o: object): string {
  const c = o.constructor as { typeName?: string; name: string };
  return Object.prototype.hasOwnProperty.call(c, "typeName") ? c.typeName! : c.name;
}

export function describeValue(v: unknown): string {
  if (v instanceof Tensor) return `Tensor of shape [${v.shape.join(", ")}] (${v.dtype})`;
  if (Array.isArray(v)) return `array of length ${v.length}`;
  if (v === null) return "null";
  if (typeof v === "object") return Object.prototype.toString.call(v).slice(8, -1);
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

/**
 * Allocates an uninitialised tensor of the given shape in the current runtime. Untracked tensors are invisible to
 * scopes: internal temporaries that their creator disposes.
 */
export function empty(shape: readonly number[], dtype: DType = "float32", tracked = true): Tensor {
  const rt = runtime();
  const bytes = sizeOf(shape) * 4;
  return new Tensor(new Storage(rt, rt.arena.alloc(bytes), bytes), shape.slice(), dtype, undefined, 0, tracked);
}

export interface MemoryStats extends ArenaStats {
  /** Live tensor handles (views and saved-for-backward handles included). */
  tensors: number;
  /** Tensor handles the garbage collector found undisposed (their storage was then freed). */
  leaked: number;
}

/** Arena and tensor counters; a steady training loop keeps bytesInUse and tensors flat. */
export function memoryStats(): MemoryStats {
  return { ...runtime().stats(), tensors: counters.live, leaked: counters.leaked };
}
