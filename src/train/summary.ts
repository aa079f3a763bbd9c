// summary(): a Keras/torchinfo-style table of a model's layers, output shapes and parameter counts, from one forward pass.
import { noGrad } from "../autograd/grad-mode";
import { zeros } from "../creation";
import { Module } from "../nn/module";
import { checkOptions } from "../ops/args";
import { scope } from "../scope";
import { type DType, Tensor, describeValue, className } from "../tensor";

export interface SummaryOptions {
  /** dtype of the zero inputs (default "float32"; "int32" for models that start with an nn.Embedding). */
  dtype?: DType;
}

interface Row {
  module: Module;
  name: string;
  depth: number;
  output: string;
  /** Another call of a module already listed: its parameters are not counted again. */
  repeat: boolean;
}

/**
 * A table of every module that runs in `model.forward(x)`, in call order and nested as called: its name and class, the
 * shape of what it returns, and the number of parameters it owns (its children's are on their own rows); then the
 * totals: parameters Σ p.size over model.parameters(), the trainable ones (requiresGrad), and their float32 size.
 * `inputShape` includes the batch dimension, e.g. [1, 784] (an array of shapes for a model with several inputs).
 * The pass runs on zeros, in eval mode, without gradients, and frees what it makes; the model is left as it was.
 *
 * @example
 * console.log(summary(new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10)), [1, 784]));
 * // Layer (type)      Output Shape   Param #
 * // ==========================================
 * // Sequential        [1, 10]        --
 * // ├─ 0 (Linear)     [1, 128]       100,480
 * // ├─ 1 (ReLU)       [1, 128]       --
 * // └─ 2 (Linear)     [1, 10]        1,290
 * // ==========================================
 * // Total params: 101,770 …
 */
export function summary(model: Module, inputShape: readonly number[] | readonly (readonly number[])[], options?: SummaryOptions): string {
  if (!(model instanceof Module)) throw new TypeError(`summary: model must be an nn.Module, got ${describeValue(model)}`);
  const { dtype = "float32" } = checkOptions("summary", options, ["dtype"]);
  if (dtype !== "float32" && dtype !== "int32") throw new RangeError(`summary: dtype must be "float32" or "int32", got ${describeValue(dtype)}`);
  if (!Array.isArray(inputShape) || inputShape.length === 0) {
    throw new TypeError(`summary: inputShape must be a shape such as [1, 784] (batch dimension included) or an array of shapes, got ${describeValue(inputShape)}`);
  }
  const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as number[][];

  const named = model.namedModules();
  const rows: Row[] = [];
  const listed = new Set<Module>();
  let depth = 0;
  const restore: (() => void)[] = [];
  const modes = named.map(([, m]) => [m, m.training] as const);
  try {
    for (const [path, m] of named) {
      const own = Object.getOwnPropertyDescriptor(m, "forward");
      const original = m.forward;
      const hooked = (...args: unknown[]) => {
        const row: Row = { module: m, name: path.split(".").pop() as string, depth, output: "", repeat: listed.has(m) };
        listed.add(m);
        rows.push(row);
        depth++;
        try {
          const out = original.apply(m, args);
          row.output = formatShape(out);
          return out;
        } finally {
          depth--;
        }
      };
      // not enumerable, so namedChildren() and friends do not see it
      Object.defineProperty(m, "forward", { value: hooked, configurable: true, writable: true, enumerable: false });
      restore.push(() => (own ? Object.defineProperty(m, "forward", own) : delete (m as { forward?: unknown }).forward));
    }
    model.eval();
    noGrad(() => scope(() => void model.forward(...shapes.map((s) => zeros(s, { dtype })))));
  } finally {
    for (const r of restore) r();
    for (const [m, training] of modes) m.training = training;
  }
  return table(rows, model, shapes);
}

function table(rows: Row[], model: Module, shapes: number[][]): string {
  const ownCount = (m: Module) => m.namedParameters().filter(([n]) => !n.includes(".")).reduce((a, [, p]) => a + p.size, 0);
  const cells = rows.map((r, i) => {
    const count = ownCount(r.module);
    return [
      treePrefix(rows, i) + (r.depth === 0 ? className(r.module) : `${r.name} (${className(r.module)})`),
      r.output,
      r.repeat ? "(shared)" : count === 0 ? "--" : count.toLocaleString("en-US"),
    ];
  });
  const head = ["Layer (type)", "Output Shape", "Param #"];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((s, c) => (c === 2 ? s.padStart(widths[c]) : s.padEnd(widths[c]))).join("   ").trimEnd();
  const rule = "=".repeat(widths.reduce((a, w) => a + w, 0) + 3 * (widths.length - 1));
  const params = model.parameters();
  const total = params.reduce((a, p) => a + p.size, 0);
  const trainable = params.filter((p) => p.requiresGrad).reduce((a, p) => a + p.size, 0);
  const n = (v: number) => v.toLocaleString("en-US");
  return [
    `Input shape: ${shapes.map((s) => `[${s.join(", ")}]`).join(", ")}`,
    line(head),
    rule,
    ...cells.map(line),
    rule,
    `Total params: ${n(total)}`,
    `Trainable params: ${n(trainable)}`,
    `Non-trainable params: ${n(total - trainable)}`,
    `Params size (MB): ${((total * 4) / 1e6).toFixed(2)}`,
  ].join("\n");
}

/** "│  " for each open ancestor level, then "├─ " (more siblings follow) or "└─ " (the last one). */
function treePrefix(rows: Row[], i: number): string {
  const hasLaterSibling = (k: number) => {
    for (let j = k + 1; j < rows.length && rows[j].depth >= rows[k].depth; j++) if (rows[j].depth === rows[k].depth) return true;
    return false;
  };
  let prefix = "";
  let k = i;
  for (let d = rows[i].depth; d > 0; d--) {
    while (rows[k].depth > d) k--; // the ancestor (or the row itself) at depth d
    prefix = (k === i ? (hasLaterSibling(k) ? "├─ " : "└─ ") : hasLaterSibling(k) ? "│  " : "   ") + prefix;
  }
  return prefix;
}

/** [1, 10] for a tensor; (…, …) for arrays of results (an LSTM's [out, [h, c]]); "?" for anything else. */
function formatShape(v: unknown): string {
  if (v instanceof Tensor) return `[${v.shape.join(", ")}]`;
  if (Array.isArray(v)) return `(${v.map(formatShape).join(", ")})`;
  return "?";
}
