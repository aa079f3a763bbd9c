// Anomaly detection: when on, every primitive's outputs (forward) and input gradients (backward) are checked for NaN
// and ±Infinity, and the first op that produced one is reported with its name and shapes. Off by default: then the
// only cost is one flag test per op.
import type { Tensor } from "../tensor";

let enabled = false;

/**
 * detectAnomaly(true) turns the checks on (detectAnomaly(false) off) and returns the previous setting, like PyTorch's
 * torch.autograd.set_detect_anomaly. While on, an op whose forward result or backward gradient holds NaN or ±Infinity
 * throws a RangeError naming the op, the value, its position and the shapes involved, and whether the op's own inputs
 * were already non-finite (then the culprit came before it). Each check reads the values back: for debugging only.
 */
export function detectAnomaly(on: boolean): boolean {
  if (typeof on !== "boolean") throw new TypeError(`detectAnomaly: on must be a boolean, got ${typeof on === "string" ? JSON.stringify(on) : String(on)}`);
  const prev = enabled;
  enabled = on;
  return prev;
}

/** Whether detectAnomaly is on. */
export function isAnomalyEnabled(): boolean {
  return enabled;
}

/** The first NaN or ±Infinity of a float32 tensor as [flat index, value], or null. */
function firstNonFinite(t: Tensor): [number, number] | null {
  if (t.dtype !== "float32") return null;
  const v = t.dataSync();
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return [i, v[i]];
  return null;
}

const shapeOf = (t: Tensor | null) => (t === null ? "null" : `[${t.shape.join(", ")}]`);

/** What the op's own inputs held: the culprit is this op only if they were finite. */
function inputsNote(inputs: readonly (Tensor | null)[], what: string): string {
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    const bad = t === null ? null : firstNonFinite(t);
    if (bad) return `; but ${what} ${i} already held ${bad[1]} at flat index ${bad[0]}, so the anomaly came from an earlier step`;
  }
  return `; its ${what}s were finite`;
}

/** Throws if a forward result holds NaN or ±Infinity (called only when detectAnomaly is on). */
export function checkForward(op: string, inputs: readonly (Tensor | null)[], outputs: readonly Tensor[]): void {
  outputs.forEach((out, k) => {
    const bad = firstNonFinite(out);
    if (bad === null) return;
    throw new RangeError(
      `detectAnomaly: ${op} (forward) produced ${bad[1]} at flat index ${bad[0]} of output ${k} of shape ${shapeOf(out)} ` +
        `from inputs of shapes ${inputs.map(shapeOf).join(", ")}${inputsNote(inputs, "input")}`,
    );
  });
}

/** Throws if a gradient computed by a backward rule holds NaN or ±Infinity (called only when detectAnomaly is on). */
export function checkBackward(op: string, inputs: readonly (Tensor | null)[], outGrads: readonly (Tensor | null)[], inGrads: readonly (Tensor | null)[]): void {
  inGrads.forEach((g, k) => {
    const bad = g === null ? null : firstNonFinite(g);
    if (bad === null) return;
    throw new RangeError(
      `detectAnomaly: ${op} (backward) produced ${bad[1]} at flat index ${bad[0]} of the gradient of input ${k} ` +
        `(shape ${shapeOf(inputs[k] ?? null)}) from output gradients of shapes ${outGrads.map(shapeOf).join(", ")}` +
        inputsNote(outGrads, "output gradient"),
    );
  });
}
