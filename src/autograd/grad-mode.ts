// Whether ops record the autograd graph: noGrad(fn) turns recording off while fn runs.

let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

/** Sets recording on or off and returns the previous setting. */
export function setGradEnabled(on: boolean): boolean {
  const prev = enabled;
  enabled = on;
  return prev;
}

/** Runs fn without recording the graph (inference, parameter updates). Async functions keep it off until they settle. */
export function noGrad<T>(fn: () => T): T {
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
