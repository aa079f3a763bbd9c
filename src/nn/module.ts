// nn.Module: parameters, buffers and child modules found by property name in assignment order, as PyTorch registers them.
import { runtime } from "../backend/runtime";
import { noGrad } from "../autograd/grad-mode";
import { copyStrided, inPlace } from "../raw";
import { keep } from "../scope";
import { Tensor, describeValue, sameShape, className } from "../tensor";
import { checkOptions } from "../ops/args";

const PARAMETERS = new WeakSet<Tensor>();

/** Marks a tensor as a module parameter (PyTorch's nn.Parameter): requires grad and outlives every scope. */
export function Parameter(t: Tensor): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`Parameter: expected a Tensor, got ${describeValue(t)}`);
  t.storage("Parameter");
  t.requiresGrad = true;
  PARAMETERS.add(keep(t));
  return t;
}

export const isParameter = (t: unknown): t is Tensor => t instanceof Tensor && PARAMETERS.has(t);

export interface LoadStateDictOptions {
  /** Require exactly the module's keys (default true). */
  strict?: boolean;
}

export type StateDict = Record<string, Tensor>;

/**
 * Base class of layers and models. Assign parameters (Parameter(t)), buffers (registerBuffer) and child modules as
 * properties; they are found by property name in assignment order. Subclasses implement forward().
 *
 * @example
 * class Net extends nn.Module {
 *   fc1 = new nn.Linear(784, 128);
 *   fc2 = new nn.Linear(128, 10);
 *   forward(x: Tensor) { return this.fc2.forward(this.fc1.forward(x).relu()); }
 * }
 */
export abstract class Module {
  /** Training mode (dropout active, batch norm uses batch statistics); set by train() and eval(). */
  training = true;
  private readonly bufferNames = new Set<string>();
  private readonly transientBuffers = new Set<string>();

  abstract forward(...args: unknown[]): unknown;

  /**
   * Registers a buffer: state that is not a parameter (e.g. running statistics), saved in stateDict() unless
   * `persistent` is false. The tensor is kept (it outlives scopes) and becomes the property `name`.
   */
  registerBuffer(name: string, t: Tensor | null, opts?: { persistent?: boolean }): void {
    checkMemberName("registerBuffer", name);
    if (t !== null && !(t instanceof Tensor)) throw new TypeError(`registerBuffer: buffer "${name}" must be a Tensor or null, got ${describeValue(t)}`);
    const { persistent = true } = checkOptions("registerBuffer", opts, ["persistent"]);
    checkBool("registerBuffer", "persistent", persistent);
    if (t !== null) keep(t);
    this.bufferNames.add(name);
    if (persistent) this.transientBuffers.delete(name);
    else this.transientBuffers.add(name);
    (this as unknown as Record<string, unknown>)[name] = t;
  }

  /** Registers a parameter (or null, an absent optional one) as the property `name`: Parameter(t) marks it. */
  registerParameter(name: string, t: Tensor | null): void {
    checkMemberName("registerParameter", name);
    if (t !== null && !(t instanceof Tensor)) throw new TypeError(`registerParameter: parameter "${name}" must be a Tensor or null, got ${describeValue(t)}`);
    (this as unknown as Record<string, unknown>)[name] = t === null ? null : Parameter(t);
  }

  /** Registers a child module (or null) as the property `name`, as assigning it does; for names known only at run time. */
  registerModule(name: string, m: Module | null): void {
    checkMemberName("registerModule", name);
    if (m !== null && !(m instanceof Module)) throw new TypeError(`registerModule: module "${name}" must be a Module or null, got ${describeValue(m)}`);
    (this as unknown as Record<string, unknown>)[name] = m;
  }

  /** Direct children as [name, module], in registration order. */
  namedChildren(): [string, Module][] {
    return Object.entries(this).filter((e): e is [string, Module] => e[1] instanceof Module);
  }

  children(): Module[] {
    // no [name, module] pairs: Sequential.forward calls this on every forward
    const out: Module[] = [];
    for (const key of Object.keys(this)) {
      const v = (this as Record<string, unknown>)[key];
      if (v instanceof Module) out.push(v);
    }
    return out;
  }

  /** This module and every descendant as [dotted name, module], depth first ("" for this one); shared modules once. */
  namedModules(prefix = "", seen = new Set<Module>()): [string, Module][] {
    if (seen.has(this)) return [];
    seen.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name, seen));
    return out;
  }

  /** The descendant at a dotted path ("encoder.layers.0"); "" is this module. */
  getSubmodule(target: string): Module {
    if (typeof target !== "string") throw new TypeError(`getSubmodule: target must be a string, got ${describeValue(target)}`);
    let m: Module = this;
    for (const name of target === "" ? [] : target.split(".")) {
      const next = m.namedChildren().find((e) => e[0] === name);
      if (next === undefined) throw new RangeError(`getSubmodule: ${className(m)} has no child "${name}" (path "${target}")`);
      m = next[1];
    }
    return m;
  }

  modules(): Module[] {
    return this.namedModules().map((e) => e[1]);
  }

  /** Own parameters: Parameter-marked tensors, or leaf tensors that require grad, in assignment order. */
  private ownParameters(): [string, Tensor][] {
    return Object.entries(this).filter(
      (e): e is [string, Tensor] => e[1] instanceof Tensor && !this.bufferNames.has(e[0]) && (PARAMETERS.has(e[1]) || (e[1].requiresGrad && e[1].isLeaf)),
    );
  }

  /** Parameters of this module and its descendants as [dotted name, tensor] (PyTorch's named_parameters). */
  namedParameters(prefix = ""): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [mp, m] of this.namedModules(prefix)) {
      for (const [name, p] of m.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([mp ? `${mp}.${name}` : name, p]);
      }
    }
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map((e) => e[1]);
  }

  /** Own buffers that are set (not null) as [name, tensor], in registration order; only persistent ones if asked. */
  private ownBuffers(persistentOnly: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const name of this.bufferNames) {
      const t = (this as unknown as Record<string, unknown>)[name];
      if (t instanceof Tensor && !(persistentOnly && this.transientBuffers.has(name))) out.push([name, t]);
    }
    return out;
  }

  /** Buffers of this module and its descendants as [dotted name, tensor]. */
  namedBuffers(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [mp, m] of this.namedModules(prefix)) {
      for (const [name, t] of m.ownBuffers(false)) out.push([mp ? `${mp}.${name}` : name, t]);
    }
    return out;
  }

  buffers(): Tensor[] {
    return this.namedBuffers().map((e) => e[1]);
  }

  /** Total number of parameter elements. */
  numParameters(): number {
    return this.parameters().reduce((a, p) => a + p.size, 0);
  }

  /** Sets training mode on this module and (through their train()) its descendants. */
  train(mode = true): this {
    if (typeof mode !== "boolean") throw new TypeError(`train: mode must be a boolean, got ${describeValue(mode)}`);
    this.training = mode;
    for (const c of this.children()) c.train(mode);
    return this;
  }

  /** Evaluation mode: train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Calls fn on every descendant and then on this module (PyTorch's order). */
  apply(fn: (m: Module) => void): this {
    if (typeof fn !== "function") throw new TypeError(`apply: fn must be a function, got ${describeValue(fn)}`);
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /** Clears the gradients of all parameters (setToNone: drop them, the default; else fill with zeros). */
  zeroGrad(opts?: { setToNone?: boolean }): void {
    const { setToNone = true } = checkOptions("zeroGrad", opts, ["setToNone"]);
    zeroGrads(this.parameters(), checkBool("zeroGrad", "setToNone", setToNone));
  }

  /**
   * Parameters and persistent buffers keyed as PyTorch's state_dict ("0.weight", "bn.running_mean"): each module's own
   * parameters, then its own buffers, then its children's, in registration order. A module shared by two parents
   * appears under both names, as in PyTorch.
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    this.collectState("", out);
    return out;
  }

  private collectState(prefix: string, out: StateDict): void {
    for (const [name, t] of [...this.ownParameters(), ...this.ownBuffers(true)]) out[prefix + name] = t;
    for (const [name, child] of this.namedChildren()) child.collectState(`${prefix}${name}.`, out);
  }

  /** Copies values from a state dict into the parameters and buffers (shapes must match; strict: keys too). */
  loadStateDict(dict: StateDict, opts?: LoadStateDictOptions): { missingKeys: string[]; unexpectedKeys: string[] } {
    if (typeof dict !== "object" || dict === null) throw new TypeError(`loadStateDict: expected an object of tensors, got ${describeValue(dict)}`);
    const { strict = true } = checkOptions("loadStateDict", opts, ["strict"]);
    checkBool("loadStateDict", "strict", strict);
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !(k in dict));
    const unexpectedKeys = Object.keys(dict).filter((k) => !(k in own));
    if (strict && (missingKeys.length || unexpectedKeys.length)) {
      throw new RangeError(
        `loadStateDict: keys do not match the module (strict)` +
          (missingKeys.length ? `; missing: ${missingKeys.join(", ")}` : "") +
          (unexpectedKeys.length ? `; unexpected: ${unexpectedKeys.join(", ")}` : ""),
      );
    }
    // check every entry before copying any, so a bad dict leaves the module unchanged
    const pairs: [Tensor, Tensor][] = [];
    for (const [key, dst] of Object.entries(own)) {
      const src = dict[key];
      if (src === undefined) continue;
      if (!(src instanceof Tensor)) throw new TypeError(`loadStateDict: "${key}" must be a Tensor, got ${describeValue(src)}`);
      src.storage(`loadStateDict: "${key}"`);
      if (!sameShape(src.shape, dst.shape)) {
        throw new RangeError(`loadStateDict: "${key}" has shape [${src.shape.join(", ")}], the module expects [${dst.shape.join(", ")}]`);
      }
      if (src.dtype !== dst.dtype) throw new TypeError(`loadStateDict: "${key}" is ${src.dtype}, the module expects ${dst.dtype}`);
      pairs.push([src, dst]);
    }
    noGrad(() => {
      for (const [src, dst] of pairs) copyStrided(dst.shape, src.ptr(), src.strides, dst.ptr(), dst.strides);
    });
    return { missingKeys, unexpectedKeys };
  }

  /** Frees every parameter (with its gradient) and buffer of this module and its descendants. */
  dispose(): void {
    for (const t of [...this.parameters(), ...this.buffers()]) t.dispose();
  }

  /** Extra text inside this module's parentheses in toString(), like PyTorch's extra_repr. */
  extraRepr(): string {
    return "";
  }

  /** A readable tree like PyTorch's repr. */
  toString(): string {
    const children = this.namedChildren();
    const head = `${className(this)}(${this.extraRepr()}`;
    if (children.length === 0) return head + ")";
    const lines = children.map(([n, c]) => `  (${n}): ${c.toString().split("\n").join("\n  ")}`);
    return `${head}\n${lines.join("\n")}\n)`;
  }
}

/** A boolean option, or a TypeError naming the method. */
function checkBool(op: string, name: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${op}: ${name} must be a boolean, got ${describeValue(v)}`);
  return v;
}

/** A property name for registration: a non-empty string without dots (dots separate levels in state-dict keys). */
function checkMemberName(op: string, name: unknown): void {
  if (typeof name !== "string" || name === "" || name.includes(".")) {
    throw new TypeError(`${op}: name must be a non-empty string without ".", got ${describeValue(name)}`);
  }
}

/** Clears gradients: drops them (setToNone) or zeroes them in place. */
export function zeroGrads(params: Iterable<Tensor>, setToNone: boolean): void {
  for (const p of params) {
    if (p.grad === null) continue;
    if (setToNone) p.grad = null;
    else inPlace(p.grad, (n, ptr) => runtime().k.fill(n, ptr, 0));
  }
}
