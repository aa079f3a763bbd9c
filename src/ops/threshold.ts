// Threshold: x where x > threshold, else a fixed value (PyTorch's F.threshold), composed from gt and where.
import type { Tensor } from "../tensor";
import { checkFloat, checkNumber } from "./args";
import { gt, where } from "./elementwise";

/** threshold(x) = x > threshold ? x : value  (gradient g where x > threshold, else 0). */
export function threshold(x: Tensor, threshold: number, value: number): Tensor {
  checkFloat("threshold", "input", x);
  for (const [name, v] of [["threshold", threshold], ["value", value]] as const) checkNumber("threshold", name, v, (n) => n === n, "a number");
  const above = gt(x, threshold);
  const y = where(above, x, value);
  above.dispose();
  return y;
}
