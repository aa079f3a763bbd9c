// Embedding lookup: rows of a weight matrix picked by int32 indices; the gradient scatter-adds back, skipping paddingIdx.
import { Fn } from "../autograd/fn";
import { runtime } from "../backend/runtime";
import { contig, filled } from "../raw";
import { type Tensor, describeValue, empty } from "../tensor";
import { checkFloat, checkIndices, checkOptions } from "./args";

/** out[…, :] = weight[indices[…], :] */
class Embedding extends Fn {
  static readonly typeName: string = "Embedding";
  constructor(private readonly paddingIdx: number | null) { super(); }
  private rows = 0;
  forward(weight: Tensor, indices: Tensor) {
    const [rows, dim] = weight.shape;
    this.rows = rows;
    const out = empty([...indices.shape, dim]);
    const W = contig(weight), I = contig(indices);
    if (out.size > 0) runtime().k.indexSelect(1, rows, dim, I.size, W.ptr(), I.ptr(), out.ptr());
    W.dispose();
    this.save(I);
    I.dispose();
    return out;
  }
  /** d weight[r] = Σ g[i] over positions i with indices[i] = r; 0 for r = paddingIdx */
  backward(g: Tensor) {
    const k = runtime().k;
    const [I] = this.saved;
    const dim = g.shape[g.ndim - 1];
    const out = filled([this.rows, dim], 0, true);
    const G = contig(g);
    if (G.size > 0) k.indexAdd(1, this.rows, dim, I.size, G.ptr(), I.ptr(), out.ptr());
    G.dispose();
    if (this.paddingIdx !== null) k.fill(dim, out.ptr() + this.paddingIdx * dim * 4, 0);
    return [out, null];
  }
}

export interface EmbeddingOptions {
  /** This row gets no gradient (negative counts from the end); null (default) for none. */
  paddingIdx?: number | null;
}

/**
 * embedding(indices, weight) = weight[indices]: int32 indices of any shape into weight [numEmbeddings, dim] give
 * [...indices.shape, dim]. Gradients flow to weight, except into row paddingIdx.
 */
export function embedding(indices: Tensor, weight: Tensor, opts?: EmbeddingOptions): Tensor {
  checkIndices("embedding", "indices", indices);
  checkFloat("embedding", "weight", weight);
  if (weight.ndim !== 2) throw new RangeError(`embedding: weight must be 2-D [numEmbeddings, embeddingDim], got shape [${weight.shape.join(", ")}]`);
  const { paddingIdx = null } = checkOptions("embedding", opts, ["paddingIdx"]);
  const rows = weight.shape[0];
  const pad = paddingIdx === null ? null : checkPaddingIdx("embedding", paddingIdx, rows);
  const values = indices.dataSync();
  const bad = values.findIndex((v) => v < 0 || v >= rows);
  if (bad >= 0) throw new RangeError(`embedding: indices must lie in [0, ${rows}), got ${values[bad]} at flat position ${bad}`);
  return new Embedding(pad).apply(weight, indices);
}

/** paddingIdx as a row in [0, rows): an integer in [−rows, rows), negative counting from the end. */
export function checkPaddingIdx(op: string, paddingIdx: unknown, rows: number): number {
  if (typeof paddingIdx !== "number" || !Number.isInteger(paddingIdx) || paddingIdx < -rows || paddingIdx >= rows) {
    throw new RangeError(`${op}: paddingIdx must be an integer in [${-rows}, ${rows}) or null, got ${describeValue(paddingIdx)}`);
  }
  return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
}
