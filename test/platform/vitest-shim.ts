// The vitest API subset our tests use (suites, hooks, expect), run sequentially in Deno and browsers by the test bundle.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Fn = (...args: any[]) => any;
interface Hook { fn: Fn; timeout: number }
interface Test { name: string; fn: Fn; timeout: number }
interface Suite { name: string; factory?: Fn; children: (Suite | Test)[]; beforeAll: Hook[]; afterAll: Hook[]; beforeEach: Hook[]; afterEach: Hook[] }
export interface TestResult { file: string; name: string; ok: boolean; ms: number; error?: string }
export interface Report { total: number; passed: number; failed: number; results: TestResult[]; errors: string[] }

const TIMEOUT = 60_000; // as testTimeout in vitest.config.ts
let current: Suite | null = null; // the suite collecting registrations
let running = ""; // full name of the test or hook running now, for unhandled errors
let pending: Promise<unknown>[] = []; // .resolves/.rejects assertions of the running test
let assertionCount = 0, expectedAssertions: number | null = null, needAssertions = false;

const newSuite = (name: string, factory?: Fn): Suite => ({ name, factory, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] });
const isThenable = (v: any): v is PromiseLike<unknown> => v != null && typeof v.then === "function";
function collecting(what: string): Suite {
  if (!current) throw new Error(`vitest shim: ${what}() called outside test collection (inside a test or hook?)`);
  return current;
}
function parseArgs(name: unknown, a: any, b: any): [string, Fn | undefined, number] {
  const [fn, opts] = typeof a === "function" ? [a, b] : [b, a];
  const timeout = typeof opts === "number" ? opts : opts?.timeout ?? TIMEOUT;
  return [typeof name === "function" ? name.name : String(name), fn, timeout];
}

const banned: Record<string, string> = {
  skip: "skipped tests are not allowed (a Node-only test file is named *.node.test.ts)",
  skipIf: "skipped tests are not allowed (a Node-only test file is named *.node.test.ts)",
  runIf: "skipped tests are not allowed (a Node-only test file is named *.node.test.ts)",
  todo: "todo tests are not allowed", only: ".only must not be committed", fails: "expected-failure tests are not allowed",
};
function api<T extends Fn>(kind: string, register: (name: string, fn: Fn | undefined, timeout: number) => void): T {
  const f: any = (name: unknown, a?: any, b?: any) => register(...parseArgs(name, a, b));
  f.each = (table: unknown) => {
    if (!Array.isArray(table) || "raw" in table) throw new Error(`vitest shim: ${kind}.each takes an array of cases (tagged-template tables are not supported)`);
    const spread = table.every(Array.isArray);
    return (name: unknown, a?: any, b?: any) => {
      const [title, fn, timeout] = parseArgs(name, a, b);
      table.forEach((row, i) => {
        const args = spread ? row : [row];
        register(formatTitle(title, Array.isArray(row) ? row : [row], i), fn && (() => fn(...args)), timeout);
      });
    };
  };
  const proxy = new Proxy(f, {
    get(target, key) {
      if (typeof key === "string" && key in banned) throw new Error(`vitest shim: ${kind}.${key} — ${banned[key]}`);
      if (typeof key === "symbol" || key in target) return target[key];
      throw new Error(`vitest shim: ${kind}.${key} is not supported in the Deno/Chromium runs (test/platform/vitest-shim.ts)`);
    },
  });
  f.sequential = proxy;
  return proxy;
}
function formatTitle(title: string, items: unknown[], i: number): string {
  let k = 0;
  const t = title.replace(/%%/g, "\u0000").replace(/%#/g, String(i)).replace(/%\$/g, String(i + 1))
    .replace(/%[sdifjoO]/g, (m) => {
      const v = items[k++];
      if (m === "%d" || m === "%i") return String(m === "%i" ? Math.trunc(Number(v)) : Number(v));
      if (m === "%j") return JSON.stringify(v);
      return typeof v === "string" && m === "%s" ? v : fmt(v);
    });
  const obj = items[0] !== null && typeof items[0] === "object" && !Array.isArray(items[0]) ? items[0] : null;
  return (obj ? t.replace(/\$([\w.]+)/g, (_, p: string) => fmt(p.split(".").reduce((o: any, key) => o?.[key], obj))) : t).replace(/\u0000/g, "%");
}

export const test = api<any>("test", (name, fn, timeout) => {
  if (typeof fn !== "function") throw new Error(`vitest shim: test "${name}" has no function (todo tests are not allowed)`);
  collecting("test").children.push({ name, fn, timeout });
});
export const it = test;
export const describe = api<any>("describe", (name, fn) => {
  if (typeof fn !== "function") throw new Error(`vitest shim: describe "${name}" has no function`);
  collecting("describe").children.push(newSuite(name, fn));
});
export const suite = describe;
const hook = (kind: "beforeAll" | "afterAll" | "beforeEach" | "afterEach") => (fn: Fn, timeout = TIMEOUT) => {
  collecting(kind)[kind].push({ fn, timeout });
};
export const beforeAll = hook("beforeAll"), afterAll = hook("afterAll"), beforeEach = hook("beforeEach"), afterEach = hook("afterEach");

// ---- running ----
async function timed(value: unknown, ms: number, what: string): Promise<unknown> {
  if (!isThenable(value)) return value;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); });
  try { return await Promise.race([value, timeout]); } finally { clearTimeout(timer); }
}
async function collect(s: Suite): Promise<void> {
  for (const c of s.children) {
    if (!("children" in c)) continue;
    current = c;
    const r = c.factory!();
    if (isThenable(r)) await r;
    current = null;
    await collect(c);
  }
}
const countTests = (s: Suite): number => s.children.reduce((n, c) => n + ("children" in c ? countTests(c) : 1), 0);
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return `thrown non-Error: ${fmt(e)}`;
  const head = `${e.name}: ${e.message}`;
  return e.stack?.includes(e.message) ? e.stack : `${head}\n${e.stack ?? ""}`;
}

/** Runs the files one after another (collect a file, then run it), like vitest does per file. */
export async function runFiles(files: { name: string; load: () => Promise<unknown> }[], onEvent: (e: string, name: string) => void = () => {}): Promise<Report> {
  const results: TestResult[] = [], errors: string[] = [];
  const unhandled = (kind: string) => (e: any) => {
    e.preventDefault?.();
    errors.push(`${kind} during ${running || "no test"}: ${errorText(e.reason ?? e.error ?? e)}`);
  };
  const g = globalThis as any;
  g.addEventListener?.("unhandledrejection", unhandled("unhandled rejection"));
  g.addEventListener?.("error", unhandled("uncaught error"));
  for (const file of files) {
    onEvent("file", file.name);
    const root = newSuite(file.name);
    try {
      current = root;
      await file.load();
      current = null;
      await collect(root);
    } catch (e) {
      current = null;
      errors.push(`${file.name}: failed to load or collect: ${errorText(e)}`);
      continue;
    }
    if (countTests(root) === 0) errors.push(`${file.name}: no tests found in file`);
    await runSuite(file.name, root, [], [], null, results, errors, onEvent);
  }
  running = "";
  const passed = results.filter((r) => r.ok).length;
  return { total: results.length, passed, failed: results.length - passed, results, errors };
}

async function runSuite(file: string, s: Suite, path: string[], parents: Suite[], inherited: unknown, results: TestResult[], errors: string[], onEvent: (e: string, name: string) => void): Promise<void> {
  if (countTests(s) === 0) return;
  const chain = [...parents, s], cleanups: Fn[] = [];
  let failure = inherited;
  const label = [file, ...path].join(" > ");
  for (const h of failure ? [] : s.beforeAll) {
    try {
      running = `beforeAll of ${label}`;
      const r = await timed(h.fn(), h.timeout, "beforeAll hook");
      if (typeof r === "function") cleanups.push(r);
    } catch (e) { failure = new Error(`beforeAll hook failed: ${errorText(e)}`); break; }
  }
  for (const c of s.children) {
    if ("children" in c) { await runSuite(file, c, [...path, c.name], chain, failure, results, errors, onEvent); continue; }
    const name = [...path, c.name].join(" > ");
    running = `${file} > ${name}`;
    onEvent("test", running);
    const t0 = performance.now();
    let error: unknown = failure;
    if (!failure) error = await runTest(c, chain);
    results.push({ file, name, ok: !error, ms: performance.now() - t0, ...(error ? { error: errorText(error) } : {}) });
  }
  for (const fn of [...cleanups.reverse(), ...s.afterAll.map((h) => h.fn).reverse()]) {
    try { running = `afterAll of ${label}`; await timed(fn(), TIMEOUT, "afterAll hook"); } catch (e) { errors.push(`afterAll of ${label}: ${errorText(e)}`); }
  }
}

async function runTest(t: Test, chain: Suite[]): Promise<unknown> {
  let error: unknown = null;
  const cleanups: Fn[] = [];
  pending = []; assertionCount = 0; expectedAssertions = null; needAssertions = false;
  try {
    for (const h of chain.flatMap((s) => s.beforeEach)) {
      const r = await timed(h.fn({ expect }), h.timeout, "beforeEach hook");
      if (typeof r === "function") cleanups.push(r);
    }
    await timed(t.fn({ expect, task: { name: t.name } }), t.timeout, "test");
    await Promise.all(pending);
    if (expectedAssertions !== null && assertionCount !== expectedAssertions) throw new AssertionError(`expected ${expectedAssertions} assertions, ${assertionCount} ran`);
    if (needAssertions && assertionCount === 0) throw new AssertionError("expected at least one assertion, none ran");
  } catch (e) { error = e; }
  const after = [...cleanups.reverse(), ...[...chain].reverse().flatMap((s) => s.afterEach.map((h) => h.fn).reverse())];
  for (const fn of after) {
    try { await timed(fn({ expect }), TIMEOUT, "afterEach hook"); } catch (e) { error ??= e; }
  }
  return error;
}

// ---- expect ----
export class AssertionError extends Error { override name = "AssertionError"; }
type Verdict = [pass: boolean, what: string, detail?: string, shown?: string];
type Matcher = (this: { rejected: boolean; not: boolean }, actual: any, ...args: any[]) => Verdict;
const tag = (v: unknown) => Object.prototype.toString.call(v);
const num = (v: unknown, m: string) => {
  if (typeof v !== "number" && typeof v !== "bigint") throw new TypeError(`${m}: expected a number or bigint, got ${fmt(v)}`);
  return v;
};

export function fmt(v: unknown, depth = 0): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "function") return `[Function ${v.name || "anonymous"}]`;
  if (v === null || typeof v !== "object") return String(v);
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (isAsymmetric(v)) return v.toString();
  if (depth > 2) return Array.isArray(v) ? "[Array]" : "{…}";
  const list = (xs: unknown[], n: number) => xs.slice(0, 20).map((x) => fmt(x, depth + 1)).concat(n > 20 ? [`… ${n - 20} more`] : []).join(", ");
  if (Array.isArray(v)) return `[${list(v, v.length)}]`;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return `${v.constructor.name} [${list(Array.from(v as any), (v as any).length)}]`;
  if (v instanceof Map) return `Map {${list([...v].map(([k, x]) => `${fmt(k)} => ${fmt(x)}`), v.size)}}`;
  if (v instanceof Set) return `Set {${list([...v], v.size)}}`;
  const ctor = (v as any).constructor, keys = Object.keys(v);
  const body = keys.slice(0, 20).map((k) => `${k}: ${fmt((v as any)[k], depth + 1)}`).concat(keys.length > 20 ? ["…"] : []).join(", ");
  return `${ctor && ctor !== Object ? `${ctor.name} ` : ""}{ ${body} }`;
}

interface Asymmetric { asymmetricMatch(v: unknown): boolean; toString(): string }
const isAsymmetric = (v: any): v is Asymmetric => v != null && typeof v.asymmetricMatch === "function";
const asym = (desc: string, match: (v: any) => boolean): Asymmetric => ({ asymmetricMatch: match, toString: () => desc });

/** null when equal (vitest's toEqual / toStrictEqual semantics), else where and how they first differ. */
export function diff(a: any, b: any, strict: boolean, path = "", seen = new Map<object, object>()): string | null {
  const at = (why = `expected ${fmt(b)}, received ${fmt(a)}`) => `${path || "value"}: ${why}`;
  if (isAsymmetric(b)) return b.asymmetricMatch(a) ? null : at();
  if (a instanceof Error && b instanceof Error) return a.name === b.name && a.message === b.message ? null : at();
  if (Object.is(a, b)) return null;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || tag(a) !== tag(b)) return at();
  if (strict && a.constructor !== b.constructor) return at(`expected type ${b.constructor?.name}, received ${a.constructor?.name}`);
  if (a instanceof Date || /Number|String|Boolean/.test(tag(a))) return Object.is(a.valueOf(), b.valueOf()) ? null : at();
  if (a instanceof RegExp) return String(a) === String(b) ? null : at();
  if (seen.get(a) === b) return null;
  seen.set(a, b);
  if (a instanceof Map || a instanceof Set) {
    if (a.size !== b.size) return at(`expected size ${b.size}, received ${a.size}`);
    for (const [k, v] of a.entries()) {
      if (a instanceof Set ? !b.has(k) && ![...b].some((y: unknown) => diff(k, y, strict) === null) : !b.has(k)) return at(`missing ${fmt(k)} in expected`);
      if (a instanceof Map) { const d = diff(v, b.get(k), strict, `${path}.get(${fmt(k)})`, seen); if (d) return d; }
    }
    return null;
  }
  if (a instanceof ArrayBuffer || a instanceof DataView) return diff(new Uint8Array(a instanceof DataView ? a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength) : a), new Uint8Array(b instanceof DataView ? b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) : b), strict, path, seen);
  const arrayLike = Array.isArray(a) || ArrayBuffer.isView(a);
  if (arrayLike) {
    if (a.length !== b.length) return at(`expected length ${b.length}, received length ${a.length}`);
    for (let i = 0; i < a.length; i++) {
      if (strict && (i in a) !== (i in b)) return at(`sparseness differs at index ${i}`);
      const d = diff(a[i], b[i], strict, `${path}[${i}]`, seen);
      if (d) return d;
    }
    if (ArrayBuffer.isView(a)) return null;
  }
  const keys = (o: any) => [...Object.keys(o), ...Object.getOwnPropertySymbols(o).filter((s) => Object.prototype.propertyIsEnumerable.call(o, s))]
    .filter((k) => !(arrayLike && typeof k === "string" && /^\d+$/.test(k)) && (strict || o[k] !== undefined));
  const ka = keys(a), kb = keys(b), has = new Set(ka);
  for (const k of kb) if (!has.delete(k)) return at(`missing property ${String(k)} (expected ${fmt(b[k])})`);
  if (has.size) return at(`unexpected property ${String([...has][0])}`);
  for (const k of kb) { const d = diff(a[k], b[k], strict, `${path}.${String(k)}`, seen); if (d) return d; }
  return null;
}

const cmp = (name: string, op: (a: any, b: any) => boolean, word: string): Matcher => (a, b) => [op(num(a, name), num(b, name)), `${word} ${fmt(b)}`];
const matchers: Record<string, Matcher> = {
  toBe: (a, b) => [Object.is(a, b), `to be ${fmt(b)}`, !Object.is(a, b) && typeof a === "object" && diff(a, b, true) === null ? "deeply equal but not the same object: use toEqual" : undefined],
  toEqual: (a, b) => { const d = diff(a, b, false); return [d === null, `to equal ${fmt(b)}`, d ?? undefined]; },
  toStrictEqual: (a, b) => { const d = diff(a, b, true); return [d === null, `to strictly equal ${fmt(b)}`, d ?? undefined]; },
  toBeCloseTo: (a, b, digits = 2) => {
    const tol = 10 ** -digits / 2, d = Math.abs(num(b, "toBeCloseTo") as number - (num(a, "toBeCloseTo") as number));
    return [(a === Infinity && b === Infinity) || (a === -Infinity && b === -Infinity) || d < tol, `to be close to ${fmt(b)} (|difference| < ${tol})`, `|difference| = ${d}`];
  },
  toBeLessThan: cmp("toBeLessThan", (a, b) => a < b, "to be less than"),
  toBeLessThanOrEqual: cmp("toBeLessThanOrEqual", (a, b) => a <= b, "to be less than or equal to"),
  toBeGreaterThan: cmp("toBeGreaterThan", (a, b) => a > b, "to be greater than"),
  toBeGreaterThanOrEqual: cmp("toBeGreaterThanOrEqual", (a, b) => a >= b, "to be greater than or equal to"),
  toBeTruthy: (a) => [!!a, "to be truthy"],
  toBeFalsy: (a) => [!a, "to be falsy"],
  toBeNull: (a) => [a === null, "to be null"],
  toBeUndefined: (a) => [a === undefined, "to be undefined"],
  toBeDefined: (a) => [a !== undefined, "to be defined"],
  toBeNaN: (a) => [Number.isNaN(a), "to be NaN"],
  toBeTypeOf: (a, t) => [typeof a === t, `to be of type ${t}`],
  toBeInstanceOf: (a, C) => [a instanceof C, `to be an instance of ${C?.name}`],
  toContain: (a, x) => [typeof a === "string" ? a.includes(x) : a != null && Array.from(a).includes(x), `to contain ${fmt(x)}`],
  toContainEqual: (a, x) => [a != null && Array.from(a as ArrayLike<unknown>).some((y) => diff(y, x, false) === null), `to contain an element equal to ${fmt(x)}`],
  toHaveLength: (a, n) => [a != null && a.length === n, `to have length ${n}`, `length is ${a?.length}`],
  toHaveProperty: (a, p, ...v) => {
    const keys = Array.isArray(p) ? p : String(p).split(".");
    let o = a, found = a != null;
    for (const k of keys) { if (o == null || !(k in Object(o))) { found = false; break; } o = o[k]; }
    return [found && (v.length === 0 || diff(o, v[0], false) === null), `to have property ${keys.join(".")}${v.length ? ` equal to ${fmt(v[0])}` : ""}`];
  },
  toMatch: (a, re) => {
    if (typeof a !== "string") throw new TypeError(`toMatch: expected a string, got ${fmt(a)}`);
    return [typeof re === "string" ? a.includes(re) : re.test(a), `to match ${typeof re === "string" ? fmt(re) : String(re)}`];
  },
  toThrow(a, expected) {
    let threw = this.rejected, thrown: any = this.rejected ? a : undefined;
    if (!this.rejected) {
      if (typeof a !== "function") throw new TypeError(`toThrow: expected a function, got ${fmt(a)}`);
      try { a(); } catch (e) { threw = true; thrown = e; }
    }
    const msg = thrown instanceof Error ? thrown.message : String(thrown);
    const shown = threw ? `a function that threw ${fmt(thrown)}` : "a function that did not throw";
    if (expected === undefined) return [threw, "to throw", undefined, shown];
    if (typeof expected === "string") return [threw && msg.includes(expected), `to throw an error containing ${fmt(expected)}`, undefined, shown];
    if (expected instanceof RegExp) return [threw && expected.test(msg), `to throw an error matching ${expected}`, undefined, shown];
    if (expected instanceof Error) return [threw && msg === expected.message, `to throw an error with message ${fmt(expected.message)}`, undefined, shown];
    if (typeof expected === "function") return [threw && thrown instanceof expected, `to throw an instance of ${expected.name}`, undefined, shown];
    if (isAsymmetric(expected)) return [threw && expected.asymmetricMatch(thrown), `to throw ${expected}`, undefined, shown];
    throw new TypeError(`toThrow: unsupported expected value ${fmt(expected)}`);
  },
};
matchers.toThrowError = matchers.toThrow;

function check(name: string, actual: unknown, args: unknown[], not: boolean, rejected: boolean, message?: string): void {
  assertionCount++;
  const [pass, what, detail, shown] = matchers[name].call({ rejected, not }, actual, ...args);
  if (pass !== not) return;
  const text = `expected ${shown ?? fmt(actual)} ${not ? "not " : ""}${what}${detail ? `\n  ${detail}` : ""}`;
  throw new AssertionError(message ? `${message}: ${text}` : text);
}

function chain(actual: unknown, not: boolean, mode: "" | "resolves" | "rejects", message?: string): any {
  return new Proxy({}, {
    get(_, key) {
      if (typeof key === "symbol" || key === "then") return undefined;
      if (key === "not") return chain(actual, !not, mode, message);
      if (key === "resolves" || key === "rejects") return chain(actual, not, key, message);
      if (!Object.prototype.hasOwnProperty.call(matchers, key)) throw new TypeError(`expect(…).${key}: unknown matcher — the vitest shim (test/platform/vitest-shim.ts) does not implement it`);
      return (...args: unknown[]) => {
        if (!mode) return check(key, actual, args, not, false, message);
        const p = (async () => {
          const promise = typeof actual === "function" ? actual() : actual;
          if (!isThenable(promise)) throw new TypeError(`expect(…).${mode}.${key}: expected a promise, got ${fmt(promise)}`);
          let value: unknown, rejected = false;
          try { value = await promise; } catch (e) { value = e; rejected = true; }
          if (mode === "resolves" && rejected) throw new AssertionError(`expected the promise to resolve, it rejected with ${fmt(value)}`);
          if (mode === "rejects" && !rejected) throw new AssertionError(`expected the promise to reject, it resolved to ${fmt(value)}`);
          check(key, value, args, not, rejected, message);
        })();
        p.catch(() => {});
        pending.push(p);
        return p;
      };
    },
  });
}

export const expect: any = (actual: unknown, message?: string) => chain(actual, false, "", message);
expect.any = (C: any) => asym(`Any<${C?.name}>`, (v) => v != null && (Object(v) instanceof C || v.constructor === C));
expect.anything = () => asym("Anything", (v) => v != null);
expect.closeTo = (x: number, digits = 2) => asym(`CloseTo ${x} (${digits} digits)`, (v) => typeof v === "number" && Math.abs(v - x) < 10 ** -digits / 2);
expect.assertions = (n: number) => { expectedAssertions = n; };
expect.hasAssertions = () => { needAssertions = true; };
expect.extend = (custom: Record<string, Fn>) => {
  for (const [name, fn] of Object.entries(custom)) {
    matchers[name] = function (actual, ...args) {
      const r = fn.call({ isNot: this.not, equals: (x: unknown, y: unknown) => diff(x, y, false) === null }, actual, ...args);
      if (isThenable(r)) throw new TypeError(`expect.extend: async matcher ${name} is not supported by the shim`);
      return [r.pass, `to pass ${name}`, r.message?.()];
    };
  }
};
