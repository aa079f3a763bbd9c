// Containers: ModuleList (children "0", "1", …), Sequential (a ModuleList that chains forward) and ModuleDict (named).
import { Module } from "./module";
import { type Tensor, describeValue, className } from "../tensor";
import { reshape } from "../ops/movement";

function checkModule(op: string, what: string, m: unknown): Module {
  if (!(m instanceof Module)) throw new TypeError(`${op}: ${what} must be a Module, got ${describeValue(m)}`);
  return m;
}

/**
 * Modules in a list, registered as children "0", "1", …: list[i], list.at(−1), list.length, for…of, push/append,
 * extend, insert. It has no forward of its own (PyTorch's nn.ModuleList).
 */
export class ModuleList extends Module implements Iterable<Module> {
  static readonly typeName: string = "ModuleList";
  [index: number]: Module;
  length = 0;
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }
  /** Appends modules at the end. */
  push(...modules: Module[]): this {
    modules.forEach((m, i) => checkModule(className(this), `module ${this.length + i}`, m));
    for (const m of modules) this[this.length++] = m;
    return this;
  }
  /** Appends one module (PyTorch's name). */
  append(module: Module): this {
    return this.push(module);
  }
  /** Appends every module of an iterable. */
  extend(modules: Iterable<Module>): this {
    if (modules === null || typeof (modules as Iterable<Module>)[Symbol.iterator] !== "function") {
      throw new TypeError(`${className(this)}: modules must be an iterable of Modules, got ${describeValue(modules)}`);
    }
    return this.push(...modules);
  }
  /** Inserts a module before position index (0 ≤ index ≤ length, negative from the end); later ones move up. */
  insert(index: number, module: Module): this {
    checkModule(className(this), "module", module);
    const at = this.position(index, this.length + 1);
    for (let i = this.length; i > at; i--) this[i] = this[i - 1];
    this[at] = module;
    this.length++;
    return this;
  }
  /** The module at index (negative counts from the end). */
  at(index: number): Module {
    return this[this.position(index, this.length)];
  }
  private position(index: number, n: number): number {
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(`${className(this)}: index must be an integer in [${-n}, ${n - 1}], got ${describeValue(index)}`);
    }
    return index < 0 ? index + n : index;
  }
  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }
  forward(..._args: unknown[]): unknown {
    throw new TypeError(`${className(this)}: has no forward; iterate over it and call its modules`);
  }
}

/** Runs modules in order, each on the previous one's output; children are named "0", "1", … */
export class Sequential extends ModuleList {
  static readonly typeName: string = "Sequential";
  constructor(...modules: Module[]) {
    super(modules);
  }
  forward(x: Tensor): Tensor {
    let out = x;
    for (const m of this.children()) {
      const next = m.forward(out) as Tensor;
      if (out !== x) out.dispose();
      out = next;
    }
    // an empty Sequential returns its input: give the caller its own handle so disposing it is safe
    return out === x ? reshape(x, x.shape) : out;
  }
}

/** A key for ModuleDict: a non-empty string without "." (dots separate levels in state-dict keys). */
function checkKey(key: unknown): string {
  if (typeof key !== "string" || key === "" || key.includes(".")) throw new TypeError(`ModuleDict: key must be a non-empty string without ".", got ${describeValue(key)}`);
  return key;
}

/**
 * Modules by name, registered as children under their keys in insertion order: get/set/has/pop, keys(), values(),
 * entries(), size, for…of over the keys. It has no forward of its own (PyTorch's nn.ModuleDict).
 */
export class ModuleDict extends Module implements Iterable<string> {
  static readonly typeName: string = "ModuleDict";
  private readonly table = new Map<string, Module>();
  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    this.update(modules);
  }
  /** The module under key. */
  get(key: string): Module {
    const m = this.table.get(checkKey(key));
    if (m === undefined) throw new RangeError(`ModuleDict: no module under key ${describeValue(key)} (keys: ${this.keys().join(", ")})`);
    return m;
  }
  /** Sets (or replaces, keeping its position) the module under key. */
  set(key: string, module: Module): this {
    this.table.set(checkKey(key), checkModule("ModuleDict", `module "${key}"`, module));
    return this;
  }
  has(key: string): boolean {
    return this.table.has(key);
  }
  /** Removes the module under key and returns it. */
  pop(key: string): Module {
    const m = this.get(key);
    this.table.delete(key);
    return m;
  }
  clear(): void {
    this.table.clear();
  }
  /** Sets every [key, module] of an object or an iterable of pairs. */
  update(modules: Record<string, Module> | Iterable<[string, Module]>): this {
    if (typeof modules !== "object" || modules === null) throw new TypeError(`ModuleDict: modules must be an object or an iterable of [key, Module] pairs, got ${describeValue(modules)}`);
    const pairs = Symbol.iterator in modules ? [...(modules as Iterable<[string, Module]>)] : Object.entries(modules);
    for (const pair of pairs) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError(`ModuleDict: expected [key, Module] pairs, got ${describeValue(pair)}`);
      this.set(pair[0], pair[1]);
    }
    return this;
  }
  get size(): number {
    return this.table.size;
  }
  keys(): string[] {
    return [...this.table.keys()];
  }
  values(): Module[] {
    return [...this.table.values()];
  }
  entries(): [string, Module][] {
    return [...this.table.entries()];
  }
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }
  namedChildren(): [string, Module][] {
    return this.entries();
  }
  forward(..._args: unknown[]): unknown {
    throw new TypeError("ModuleDict: has no forward; call its modules");
  }
}
