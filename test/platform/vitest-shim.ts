// The vitest API subset our tests use (suites, hooks, expect), run sequentially in Deno and browsers by the test bundle.
type Fn = (...args: any[]) => any;
interface Hook { fn: Fn; timeout: number }
interface Test { name: string; fn: Fn; timeout: number }
interface Suite { name: string; factory?: Fn; children: (Suite | Test)[]; beforeAll: Hook[]; afterAll: Hook[]; beforeEach: Hook[]; afterEach: Hook[] }
export interface TestResult { file: string; name: string; ok: boolean; ms: number; error?: string }
export interface Report { total: number; passed: number; failed: number; results: TestResult[]; errors: string[] }

const TIMEOUT = 60_000; // as testTimeout in vitest.config.ts
let current: Suite | null = null; // the suite collecting registrations
let running = ""; // the test or hook running now, to attribute unhandled errors
let results: TestResult[] = [], errors: string[] = [];
let pending: { p: Promise<unknown>; awaited: boolean }[] = []; // the running test's .resolves/.rejects assertions

const newSuite = (name: string, factory?: Fn): Suite => ({ name, factory, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] });
const isThenable = (v: any): v is PromiseLike<unknown> => v != null && typeof v.then === "function";
const isSuite = (c: Suite | Test): c is Suite => "children" in c;
const fail = (message: string, E: new (m: string) => Error = Error): never => { throw new E(message); };
const collecting = (what: string) => current ?? fail(`vitest shim: ${what}() called outside test collection (inside a test or hook?)`);
function parseArgs(name: unknown, a: any, b: any): [string, Fn | undefined, number] {
  const [fn, opts] = typeof a === "function" ? [a, b] : [b, a];
  return [typeof name === "function" ? name.name : String(name), fn, typeof opts === "number" ? opts : opts?.timeout ?? TIMEOUT];
}

const NO_SKIP = "skipped tests are not allowed (a Node-only test goes in a file named *.node.test.ts)";
const banned: Record<string, string> = { skip: NO_SKIP, skipIf: NO_SKIP, runIf: NO_SKIP, todo: "todo tests are not allowed",
  only: ".only must not be committed", fails: "expected-failure tests are not allowed" };
function api(kind: string, register: (name: string, fn: Fn, timeout: number) => void): any {
  const checked = (name: string, fn: Fn | undefined, timeout: number) =>
    register(name, typeof fn === "function" ? fn : fail(`vitest shim: ${kind} "${name}" has no function (todo tests are not allowed)`), timeout);
  const f: any = (name: unknown, a?: any, b?: any) => checked(...parseArgs(name, a, b));
  f.each = (table: unknown) => {
    if (!Array.isArray(table) || "raw" in table) fail(`vitest shim: ${kind}.each takes an array of cases (tagged-template tables are not supported)`);
    const spread = (table as unknown[]).every(Array.isArray);
    return (name: unknown, a?: any, b?: any) => {
      const [title, fn, timeout] = parseArgs(name, a, b);
      (table as unknown[]).forEach((row: any, i) => checked(formatTitle(title, Array.isArray(row) ? row : [row], i), fn && (() => (spread ? fn(...row) : fn(row))), timeout));
    };
  };
  const proxy = new Proxy(f, {
    get(target, key) {
      if (typeof key === "string" && key in banned) fail(`vitest shim: ${kind}.${key} — ${banned[key]}`);
      return typeof key === "symbol" || key in target ? target[key] : fail(`vitest shim: ${kind}.${key} is not supported in the Deno/Chromium runs (test/platform/vitest-shim.ts)`);
    },
  });
  return (f.sequential = proxy);
}
/** Test titles of .each, as vitest formats them: %s %d %i %f %j %o %# %$ and $field of object cases. */
function formatTitle(title: string, items: unknown[], i: number): string {
  const show = (v: unknown, quote: string) => (typeof v === "string" ? quote + v + quote : v === 0 && quote ? (Object.is(v, 0) ? "+0" : "-0") : fmt(v));
  let k = 0;
  const t = title.replace(/%%/g, "\u0000").replace(/%#/g, String(i)).replace(/%\$/g, String(i + 1)).replace(/%[sdifjoO]/g, (m) => {
    const v = items[k++];
    return m === "%d" || m === "%f" ? String(Number(v)) : m === "%i" ? String(Math.trunc(Number(v))) : m === "%j" ? JSON.stringify(v) : show(v, m === "%s" ? "" : "'");
  });
  const obj = items[0] !== null && typeof items[0] === "object" && !Array.isArray(items[0]) ? items[0] : null;
  return (obj ? t.replace(/\$([\w.]+)/g, (_, p: string) => show(p.split(".").reduce((o: any, key) => o?.[key], obj), "'")) : t).replace(/\u0000/g, "%");
}

export const test = api("test", (name, fn, timeout) => collecting("test").children.push({ name, fn, timeout }));
export const describe = api("describe", (name, fn) => collecting("describe").children.push(newSuite(name, fn)));
export { test as it, describe as suite };
const hook = (kind: "beforeAll" | "afterAll" | "beforeEach" | "afterEach") => (fn: Fn, timeout = TIMEOUT) => void collecting(kind)[kind].push({ fn, timeout });
export const beforeAll = hook("beforeAll"), afterAll = hook("afterAll"), beforeEach = hook("beforeEach"), afterEach = hook("afterEach");

// ---- running ----
/** Calls fn, awaits it with a timeout, and keeps a returned teardown function (as vitest's hooks allow). */
async function call(fn: Fn, arg: unknown, ms: number, what: string, teardowns?: Fn[]): Promise<void> {
  const value = fn(arg);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); });
  try {
    const r = isThenable(value) ? await Promise.race([value, timeout]) : value;
    if (typeof r === "function" && teardowns) teardowns.push(r as Fn);
  } finally { clearTimeout(timer); }
}
async function collect(s: Suite): Promise<void> {
  for (const c of s.children.filter(isSuite)) { current = c; await c.factory!(); current = null; await collect(c); }
}
/** Lets the event loop run a task, so that unhandled-rejection events of the test just run fire now, attributed to it. */
const yieldTask = () => new Promise<void>((resolve) => { const c = new MessageChannel(); c.port1.onmessage = () => { c.port1.close(); resolve(); }; c.port2.postMessage(0); });
const countTests = (s: Suite): number => s.children.reduce((n, c) => n + (isSuite(c) ? countTests(c) : 1), 0);
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return `thrown non-Error: ${fmt(e)}`;
  return e.stack?.includes(e.message) ? e.stack : `${e.name}: ${e.message}\n${e.stack ?? ""}`;
}

/** Runs the files one after another, collecting each file's tests and then running them, as vitest does per file. */
export async function runFiles(files: { name: string; load: () => Promise<unknown> }[], onEvent: (event: string, name: string) => void): Promise<Report> {
  results = []; errors = [];
  const unhandled = (kind: string) => (e: any) =>
    void (e.preventDefault?.(), errors.push(`${kind} during ${running || "no test"}: ${errorText(e.reason ?? e.error ?? e)}`));
  (globalThis as any).addEventListener?.("unhandledrejection", unhandled("unhandled rejection"));
  (globalThis as any).addEventListener?.("error", unhandled("uncaught error"));
  for (const file of files) {
    onEvent("file", file.name);
    const root = (current = newSuite(file.name));
    try { await file.load(); current = null; await collect(root); }
    catch (e) { errors.push(`${file.name}: failed to load or collect: ${errorText(e)}`); continue; }
    finally { current = null; }
    if (countTests(root) === 0) errors.push(`${file.name}: no tests found in file`);
    await runSuite(file.name, root, [], [], null, onEvent);
  }
  await yieldTask(); await yieldTask();
  running = "";
  const passed = results.filter((r) => r.ok).length;
  return { total: results.length, passed, failed: results.length - passed, results, errors };
}

async function runSuite(file: string, s: Suite, path: string[], parents: Suite[], failure: unknown, onEvent: (event: string, name: string) => void): Promise<void> {
  if (countTests(s) === 0) return;
  const chain = [...parents, s], teardowns: Fn[] = [], label = [file, ...path].join(" > ");
  for (const h of failure ? [] : s.beforeAll) {
    running = `beforeAll of ${label}`;
    try { await call(h.fn, undefined, h.timeout, "beforeAll hook", teardowns); } catch (e) { failure = new Error(`beforeAll hook failed: ${errorText(e)}`); break; }
  }
  for (const c of s.children) {
    if (isSuite(c)) { await runSuite(file, c, [...path, c.name], chain, failure, onEvent); continue; }
    const name = [...path, c.name].join(" > "), t0 = performance.now();
    onEvent("test", (running = `${file} > ${name}`));
    const error = failure ?? (await runTest(c, chain));
    await yieldTask(); await yieldTask(); // (Chromium fires the events one task later than Deno)
    results.push({ file, name, ok: !error, ms: performance.now() - t0, ...(error ? { error: errorText(error) } : {}) });
  }
  for (const fn of [...teardowns.reverse(), ...s.afterAll.map((h) => h.fn).reverse()]) {
    running = `afterAll of ${label}`;
    try { await call(fn, undefined, TIMEOUT, "afterAll hook"); } catch (e) { errors.push(`afterAll of ${label}: ${errorText(e)}`); }
  }
}

async function runTest(t: Test, chain: Suite[]): Promise<unknown> {
  let error: unknown = null;
  const teardowns: Fn[] = [], context = { expect, task: { name: t.name } };
  pending = [];
  try {
    for (const h of chain.flatMap((s) => s.beforeEach)) await call(h.fn, context, h.timeout, "beforeEach hook", teardowns);
    await call(t.fn, context, t.timeout, "test");
    await Promise.all(pending.filter((e) => !e.awaited).map((e) => e.p)); // vitest fails assertions left un-awaited too
  } catch (e) { error = e; }
  for (const fn of [...teardowns.reverse(), ...[...chain].reverse().flatMap((s) => s.afterEach.map((h) => h.fn).reverse())]) {
    try { await call(fn, context, TIMEOUT, "afterEach hook"); } catch (e) { error ??= e; }
  }
  return error;
}

// ---- expect ----
export class AssertionError extends Error { override name = "AssertionError"; }
type Verdict = [pass: boolean, what: string, detail?: string, shown?: string];
type Matcher = (this: { rejected: boolean }, actual: any, ...args: any[]) => Verdict;
const tag = (v: unknown) => Object.prototype.toString.call(v);
const num = (v: any, matcher: string): any => (typeof v === "number" || typeof v === "bigint" ? v : fail(`${matcher}: expected a number or bigint, got ${fmt(v)}`, TypeError));

export function fmt(v: unknown, depth = 0): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "function") return `[Function ${v.name || "anonymous"}]`;
  if (v === null || typeof v !== "object") return String(v);
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (isAsymmetric(v)) return v.toString();
  if (depth > 2) return Array.isArray(v) ? "[…]" : "{…}";
  const list = (xs: unknown[], n: number) => [...xs.slice(0, 20).map((x) => fmt(x, depth + 1)), ...(n > 20 ? [`… ${n - 20} more`] : [])].join(", ");
  if (Array.isArray(v)) return `[${list(v, v.length)}]`;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return `${v.constructor.name} [${list(Array.from(v as any), (v as any).length)}]`;
  const ctor = (v as any).constructor, keys = Object.keys(v);
  return `${ctor && ctor !== Object ? `${ctor.name} ` : ""}{ ${list(keys.map((k) => `${k}: ${fmt((v as any)[k], depth + 1)}`), keys.length)} }`;
}

interface Asymmetric { asymmetricMatch(v: unknown): boolean; toString(): string }
const isAsymmetric = (v: any): v is Asymmetric => v != null && typeof v.asymmetricMatch === "function";
const asym = (desc: string, match: (v: any) => boolean): Asymmetric => ({ asymmetricMatch: match, toString: () => desc });
const bytes = (v: ArrayBuffer | DataView) => (v instanceof DataView ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v));

/** null when equal under vitest's toEqual (strict: toStrictEqual) semantics, else where and how they first differ. */
export function diff(a: any, b: any, strict: boolean, path = "", seen = new Map<object, object>()): string | null {
  const at = (why = `expected ${fmt(b)}, received ${fmt(a)}`) => `${path || "value"}: ${why}`;
  if (isAsymmetric(b)) return b.asymmetricMatch(a) ? null : at();
  if (a instanceof Error && b instanceof Error && (tag(a) !== tag(b) || a.name !== b.name || a.message !== b.message)) return at();
  if (Object.is(a, b)) return null;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || tag(a) !== tag(b)) return at();
  if (strict && a.constructor !== b.constructor) return at(`expected type ${b.constructor?.name}, received ${a.constructor?.name}`);
  if (a instanceof Date || /Number|String|Boolean/.test(tag(a))) return Object.is(a.valueOf(), b.valueOf()) ? null : at();
  if (a instanceof RegExp) return String(a) === String(b) ? null : at();
  if (a instanceof ArrayBuffer || a instanceof DataView) return diff(bytes(a), bytes(b), strict, path, seen);
  if (seen.get(a) === b) return null;
  seen.set(a, b);
  if (a instanceof Map || a instanceof Set) fail("vitest shim: comparing Maps/Sets is not supported; compare [...x] arrays", TypeError);
  const arrayLike: boolean = Array.isArray(a) || ArrayBuffer.isView(a);
  if (arrayLike) {
    if (a.length !== b.length) return at(`expected length ${b.length}, received length ${a.length}`);
    for (let i = 0; i < a.length; i++) {
      const d = strict && (i in a) !== (i in b) ? at(`sparseness differs at index ${i}`) : diff(a[i], b[i], strict, `${path}[${i}]`, seen);
      if (d) return d;
    }
    if (ArrayBuffer.isView(a)) return null;
  }
  const keys = (o: any) => [...Object.keys(o), ...Object.getOwnPropertySymbols(o).filter((s) => Object.prototype.propertyIsEnumerable.call(o, s))]
    .filter((k) => !(arrayLike && typeof k === "string" && /^\d+$/.test(k)) && (strict || o[k] !== undefined));
  const ka = new Set(keys(a)), kb = keys(b);
  for (const k of kb) if (!ka.delete(k)) return at(`missing property ${String(k)} (expected ${fmt(b[k])})`);
  if (ka.size) return at(`unexpected property ${String([...ka][0])}`);
  for (const k of kb) { const d = diff(a[k], b[k], strict, `${path}.${String(k)}`, seen); if (d) return d; }
  return null;
}

const cmp = (name: string, op: (a: any, b: any) => boolean, word: string): Matcher => (a, b) => [op(num(a, name), num(b, name)), `${word} ${fmt(b)}`];
const equal = (strict: boolean): Matcher => (a, b) => { const d = diff(a, b, strict); return [d === null, `to ${strict ? "strictly " : ""}equal ${fmt(b)}`, d ?? undefined]; };
const matchers: Record<string, Matcher> = {
  toBe: (a, b) => [Object.is(a, b), `to be ${fmt(b)}`, !Object.is(a, b) && typeof a === "object" && diff(a, b, true) === null ? "deeply equal but not the same object: use toEqual" : undefined],
  toEqual: equal(false),
  toStrictEqual: equal(true),
  toBeCloseTo: (a, b, digits = 2) => {
    const tol = 10 ** -digits / 2, d = Math.abs(num(b, "toBeCloseTo") - num(a, "toBeCloseTo"));
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
  toMatchObject: (a, b) => {
    const d = a !== null && typeof a === "object" ? diff(Object.fromEntries(Object.keys(b).map((k) => [k, a[k]])), b, false) : "not an object";
    return [d === null, `to match object ${fmt(b)} (top-level keys)`, d ?? undefined];
  },
  toHaveLength: (a, n) => [a != null && a.length === n, `to have length ${n}`, `its length is ${a?.length}`],
  toMatch: (a, re) => [typeof a === "string" ? (typeof re === "string" ? a.includes(re) : re.test(a)) : fail(`toMatch: expected a string, got ${fmt(a)}`, TypeError),
    `to match ${typeof re === "string" ? fmt(re) : String(re)}`],
  toThrow(a, expected) {
    let threw = this.rejected, thrown: any = this.rejected ? a : undefined;
    if (!threw && typeof a !== "function") fail(`toThrow: expected a function, got ${fmt(a)}`, TypeError);
    if (!threw) try { a(); } catch (e) { threw = true; thrown = e; }
    const msg = thrown instanceof Error ? thrown.message : String(thrown);
    const shown = threw ? `a function that threw ${fmt(thrown)}` : "a function that did not throw";
    const [pass, what]: [boolean, string] = expected === undefined ? [true, "to throw"]
      : typeof expected === "string" ? [msg.includes(expected), `to throw an error containing ${fmt(expected)}`]
      : expected instanceof RegExp ? [expected.test(msg), `to throw an error matching ${expected}`]
      : typeof expected === "function" ? [thrown instanceof expected, `to throw an instance of ${expected.name}`]
      : [diff(thrown, expected, false) === null, `to throw ${fmt(expected)}`]; // an error (same class, name and message), an asymmetric matcher or a value
    return [threw && pass, what, undefined, shown];
  },
};
matchers.toThrowError = matchers.toThrow;

function check(name: string, actual: unknown, args: unknown[], not: boolean, rejected: boolean, message?: string): void {
  const [pass, what, detail, shown] = matchers[name].call({ rejected }, actual, ...args);
  if (pass === not) throw new AssertionError(`${message ? `${message}: ` : ""}expected ${shown ?? fmt(actual)} ${not ? "not " : ""}${what}${detail ? `\n  ${detail}` : ""}`);
}

function chain(actual: unknown, not: boolean, mode: "" | "resolves" | "rejects", message?: string): any {
  return new Proxy({}, {
    get(_, key) {
      if (typeof key === "symbol" || key === "then") return undefined;
      if (key === "not") return chain(actual, !not, mode, message);
      if (key === "resolves" || key === "rejects") return chain(actual, not, key, message);
      if (!Object.prototype.hasOwnProperty.call(matchers, key)) fail(`expect(…).${key}: unknown matcher — the vitest shim (test/platform/vitest-shim.ts) does not implement it`, TypeError);
      return (...args: unknown[]) => {
        if (!mode) return check(key, actual, args, not, false, message);
        const p = (async () => {
          const promise = typeof actual === "function" ? actual() : actual;
          if (!isThenable(promise)) fail(`expect(…).${mode}.${key}: expected a promise, got ${fmt(promise)}`, TypeError);
          let value: unknown, rejected = false;
          try { value = await promise; } catch (e) { value = e; rejected = true; }
          if (rejected !== (mode === "rejects")) throw new AssertionError(`${message ? `${message}: ` : ""}expected the promise to ${mode === "rejects" ? "reject, it resolved to" : "resolve, it rejected with"} ${fmt(value)}`);
          check(key, value, args, not, rejected, message);
        })();
        const entry = { p, awaited: false };
        pending.push(entry);
        p.catch(() => {}); // reported by the test that awaits it, or at the end of the test if nobody does
        const then = (ok?: Fn, ko?: Fn) => { entry.awaited = true; return p.then(ok, ko); };
        return { then, catch: (ko: Fn) => then(undefined, ko), finally: (f: Fn) => then().finally(f) };
      };
    },
  });
}

export const expect: any = (actual: unknown, message?: string) => chain(actual, false, "", message);
expect.any = (C: any) => asym(`Any<${C?.name}>`, (v) => v != null && (Object(v) instanceof C || v.constructor === C));
expect.anything = () => asym("Anything", (v) => v != null);
expect.closeTo = (x: number, digits = 2) => asym(`CloseTo ${x} (${digits} digits)`, (v) => typeof v === "number" && Math.abs(v - x) < 10 ** -digits / 2);
