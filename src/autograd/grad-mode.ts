// Whether ops record the autograd graph: noGrad(fn) turns recording off while fn runs.

let enabled = true;

/** A short description of a bad argument (this layer sits below tensor.ts's describeValue). */
const describe = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : v === null || typeof v !== "object" ? String(v) : Object.prototype.toString.call(v).slice(8, -1));

export function isGradEnabled(): boolean {
  return enabled;
}

/** Sets recording on or off and returns the previous setting. */
export function setGradEnabled(on: boolean): boolean {
  if (typeof on !== "boolean") throw new TypeError(`setGradEnabled: on must be a boolean, got ${describe(on)}`);
  const prev = enabled;
  enabled = on;
  return prev;
}

/** Runs fn without recording the graph (inference, parameter updates). Async functions keep it off until they settle. */
export function noGrad<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`noGrad: fn must be a function, got ${describe(fn)}`);
  const prev = setGradEnabled(false);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    enabled = prev;
    throw e;
  }
  if (result instanceof Promise) return result.finally(() => (enabled = prev)) as T;
  enabled = prev;
  return result;
}
