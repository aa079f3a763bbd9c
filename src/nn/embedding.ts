// The Embedding module: a lookup table of numEmbeddings vectors, N(0, 1) at start with the padding row zeroed.
import { Module, Parameter } from "./module";
import { runtime } from "../backend/runtime";
import { noGrad } from "../autograd/grad-mode";
import { type Tensor, empty } from "../tensor";
import { checkFloat, checkNumber, checkOptions } from "../ops/args";
import { checkPaddingIdx, embedding } from "../ops/embedding";
import { clone } from "../ops/movement";
import { normal } from "./init";

export interface EmbeddingModuleOptions {
  /** This row starts at 0 and gets no gradient (negative counts from the end). */
  paddingIdx?: number | null;
}

/**
 * y = weight[indices]: int32 indices [...] → [..., embeddingDim]. weight [numEmbeddings, embeddingDim] starts as
 * N(0, 1) with row paddingIdx zeroed (PyTorch's default); that row never receives a gradient.
 */
export class Embedding extends Module {
  static readonly typeName: string = "Embedding";
  weight: Tensor;
  readonly paddingIdx: number | null;
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, opts?: EmbeddingModuleOptions) {
    super();
    checkNumber("Embedding", "numEmbeddings", numEmbeddings, (v) => Number.isInteger(v) && v >= 0, "a non-negative integer");
    checkNumber("Embedding", "embeddingDim", embeddingDim, (v) => Number.isInteger(v) && v >= 0, "a non-negative integer");
    const { paddingIdx = null } = checkOptions("Embedding", opts, ["paddingIdx"]);
    this.paddingIdx = paddingIdx === null ? null : checkPaddingIdx("Embedding", paddingIdx, numEmbeddings);
    this.weight = Parameter(empty([numEmbeddings, embeddingDim]));
    this.resetParameters();
  }
  resetParameters(): void {
    normal(this.weight);
    this.zeroPaddingRow();
  }
  private zeroPaddingRow(): void {
    if (this.paddingIdx !== null) runtime().k.fill(this.embeddingDim, this.weight.ptr() + this.paddingIdx * this.embeddingDim * 4, 0);
  }
  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, { paddingIdx: this.paddingIdx });
  }
  extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}` + (this.paddingIdx === null ? "" : `, paddingIdx=${this.paddingIdx}`);
  }

  /** An Embedding whose weight is a copy of `embeddings` [n, dim]; frozen (no gradient) unless freeze is false. */
  static fromPretrained(embeddings: Tensor, opts?: EmbeddingModuleOptions & { freeze?: boolean }): Embedding {
    checkFloat("Embedding.fromPretrained", "embeddings", embeddings);
    if (embeddings.ndim !== 2) throw new RangeError(`Embedding.fromPretrained: embeddings must be 2-D [n, dim], got shape [${embeddings.shape.join(", ")}]`);
    const { freeze = true, paddingIdx = null } = checkOptions("Embedding.fromPretrained", opts, ["freeze", "paddingIdx"]);
    const m = new Embedding(embeddings.shape[0], embeddings.shape[1], { paddingIdx });
    m.weight.dispose();
    m.weight = Parameter(noGrad(() => clone(embeddings)));
    m.weight.requiresGrad = !freeze;
    return m;
  }
}
