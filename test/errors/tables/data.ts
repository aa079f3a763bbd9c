// Bad input to data (datasets, loaders, splits, normalisation, one-hot, IDX files, gzip): wrong types, mismatched
// first dimensions, out-of-range indices and class labels, unknown options, corrupt bytes.
import { Generator, data, ones, tensor } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

const int = (...v: number[]) => tensor(new Int32Array(v));
/** An IDX header: magic 00 00 <type> <ndim>, then big-endian dimensions, then `body` bytes. */
function idx(type: number, dims: number[], body = 0): Uint8Array {
  const b = new Uint8Array(4 + 4 * dims.length + body);
  b[2] = type;
  b[3] = dims.length;
  dims.forEach((d, i) => new DataView(b.buffer).setUint32(4 + 4 * i, d));
  return b;
}

export const table: BadInputTable = {
  rows: [
    ["data.TensorDataset: no tensors", () => new data.TensorDataset(), /TensorDataset: expected at least one tensor, got none/],
    ["data.TensorDataset: first dimensions differ", () => new data.TensorDataset(ones([4, 2]), ones([3])), /TensorDataset: all tensors must have the same size in dimension 0; tensors\[0\] has 4, tensors\[1\] has 3/],
    ["data.TensorDataset: a 0-d tensor", () => new data.TensorDataset(tensor(1)), /TensorDataset: tensors\[0\] must have a first \(sample\) dimension, got a 0-d tensor/],
    ["data.TensorDataset.get: index out of range", () => new data.TensorDataset(ones([3, 2])).get(3), /TensorDataset\.get: index must be an integer in \[0, 3\), got 3/],
    ["data.TensorDataset.get: negative index", () => new data.TensorDataset(ones([3, 2])).get(-1), /TensorDataset\.get: index must be an integer in \[0, 3\), got -1/],
    ["data.TensorDataset.getItems: index out of range", () => new data.TensorDataset(ones([3, 2])).getItems(Int32Array.of(0, 5)), /indexSelect: index must lie in \[0, 3\), got 5 at flat position 1/],
    ["data.DataLoader: not a dataset", () => new data.DataLoader([1, 2] as never), /DataLoader: dataset must have an integer length >= 0 and a get\(i\) method, got array of length 2/],
    ["data.DataLoader: batchSize 0", () => new data.DataLoader(new data.TensorDataset(ones([3])), { batchSize: 0 }), /DataLoader: batchSize must be a positive integer, got 0/],
    ["data.DataLoader: batch_size spelling", () => new data.DataLoader(new data.TensorDataset(ones([3])), { batch_size: 2 } as never), /DataLoader: unknown option "batch_size" \(expected batchSize, shuffle, dropLast, generator\)/],
    ["data.DataLoader: shuffle not a boolean", () => new data.DataLoader(new data.TensorDataset(ones([3])), { shuffle: 1 as never }), /DataLoader: shuffle must be a boolean, got 1/],
    ["data.DataLoader: generator", () => new data.DataLoader(new data.TensorDataset(ones([3])), { generator: 7 as never }), /DataLoader: generator must be a Generator, got 7/],
    ["data.DataLoader: a dataset that returns numbers", () => [...new data.DataLoader({ length: 2, get: () => 5 as never }, { batchSize: 2 })], /DataLoader: dataset\.get must return a Tensor or an array of Tensors, got 5/],
    ["data.randperm: negative n", () => data.randperm(-1), /randperm: n must be a non-negative integer, got -1/],
    ["data.randperm: generator", () => data.randperm(3, {} as never), /randperm: generator must be a Generator, got Object/],
    ["data.oneHot: class out of range", () => data.oneHot(int(0, 3), 3), /oneHot: indices must lie in \[0, 3\), got 3 at flat position 1/],
    ["data.oneHot: negative class", () => data.oneHot(int(-1), 3), /oneHot: indices must lie in \[0, 3\), got -1 at flat position 0/],
    ["data.oneHot: float indices", () => data.oneHot(tensor([0, 1]), 2), /oneHot: indices must be an int32 tensor/],
    ["data.oneHot: numClasses 0", () => data.oneHot(int(0), 0), /oneHot: numClasses must be a positive integer or -1 \(infer\), got 0/],
    ["data.oneHot: infer from empty", () => data.oneHot(tensor(new Int32Array(0))), /oneHot: cannot infer numClasses from an empty tensor; pass numClasses/],
    ["data.trainTestSplit: first dimensions differ", () => data.trainTestSplit([ones([4, 2]), ones([3])]), /trainTestSplit: tensors\[1\] has first dimension 3, tensors\[0\] has 4/],
    ["data.trainTestSplit: testSize 1.5", () => data.trainTestSplit([ones([4])], { testSize: 1.5 }), /trainTestSplit: testSize must be a fraction in \(0, 1\) or a whole number below 4, got 1.5/],
    ["data.trainTestSplit: testSize NaN", () => data.trainTestSplit([ones([4])], { testSize: NaN }), /trainTestSplit: testSize must be a fraction in \(0, 1\) or a whole number below 4, got NaN/],
    ["data.trainTestSplit: shuffle not a boolean", () => data.trainTestSplit([ones([4])], { shuffle: "no" as never }), /trainTestSplit: shuffle must be a boolean, got "no"/],
    ["data.trainTestSplit: generator", () => data.trainTestSplit([ones([4])], { generator: 1 as never }), /trainTestSplit: generator must be a Generator, got 1/],
    ["data.trainTestSplit: not an array", () => data.trainTestSplit(ones([4]) as never), /trainTestSplit: tensors must be a non-empty array, got Tensor of shape \[4\]/],
    ["data.Normalizer.fit: method", () => data.Normalizer.fit(ones([4, 2]), { method: "l2" as never }), /Normalizer\.fit: method must be "zscore" or "minmax", got "l2"/],
    ["data.Normalizer.fit: dims out of range", () => data.Normalizer.fit(ones([4, 2]), { dims: 2 }), /Normalizer\.fit: dims must be integers in \[-2, 1\] for a 2-D tensor, got 2/],
    ["data.Normalizer.fit: minmax over an empty dimension", () => data.Normalizer.fit(ones([0, 2]), { method: "minmax" }), /Normalizer\.fit: cannot fit statistics over an empty dimension \(input shape \[0, 2\]\)/],
    ["data.Normalizer.transform: shape", () => { const n = data.Normalizer.fit(ones([4, 2])); try { return n.transform(ones([4, 3])); } finally { n.dispose(); } }, /Normalizer\.transform: input \[4, 3\] does not fit statistics of shape \[1, 2\]/],
    ["data.normalize: int32", () => data.normalize(int(1, 2)), /Normalizer\.fit: input must be float32, got int32/],
    ["data.normalize: unknown option", () => data.normalize(ones([4, 2]), { axis: 0 } as never), /Normalizer\.fit: unknown option "axis" \(expected method, dims\)/],
    ["data.parseIdx: not bytes", () => data.parseIdx("idx" as never), /parseIdx: bytes must be a Uint8Array or an ArrayBuffer, got "idx"/],
    ["data.parseIdx: bad type code", () => data.parseIdx(idx(0x07, [2])), /parseIdx: bad magic number: expected a type code 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e in byte 2, got 0x07/],
    ["data.parseIdx: fewer elements than the dimensions promise", () => data.parseIdx(idx(0x08, [2, 3], 5)), /parseIdx: /],
    ["data.parseIdx: huge dimensions, tiny file", () => data.parseIdx(idx(0x0d, [65535, 65535, 65535])), /parseIdx: /],
    ["data.readIdx: truncated (rejects)", () => data.readIdx(new Uint8Array(2)), /parseIdx: truncated header: expected at least 4 bytes \(the magic number\), got 2/],
    ["data.gunzip: not gzip (rejects)", () => data.gunzip(Uint8Array.of(0x1f, 0x8b, 1, 2, 3)), /gunzip: corrupt or truncated gzip data \(5 bytes\)/],
    ["data.gunzip: not bytes (rejects)", () => data.gunzip(5 as never), /gunzip: bytes must be a Uint8Array or an ArrayBuffer, got 5/],
    ["data.isGzip: not bytes", () => data.isGzip("gz" as never), /isGzip: bytes must be a Uint8Array or an ArrayBuffer, got "gz"/],
    ["data.DataLoader: dropLast not a boolean", () => new data.DataLoader(new data.TensorDataset(ones([3])), { dropLast: "yes" as never, generator: new Generator(0) }), /DataLoader: dropLast must be a boolean, got "yes"/],
  ],
};
