// summary(): the table (layers in call order, nesting, output shapes, own parameter counts, totals), and that the model
// is left exactly as it was: no hooks, same training flags, same buffers, nothing allocated.
import { beforeAll, expect, test } from "vitest";
import { type Tensor, init, memoryStats, nn, summary } from "simdgrad";

beforeAll(async () => {
  await init();
});

test("an MLP: the Keras/torchinfo-style table", () => {
  const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
  expect(summary(model, [32, 784])).toBe([
    "Input shape: [32, 784]",
    "Layer (type)    Output Shape   Param #",
    "======================================",
    "Sequential      [32, 10]            --",
    "├─ 0 (Linear)   [32, 256]      200,960",
    "├─ 1 (ReLU)     [32, 256]           --",
    "├─ 2 (Linear)   [32, 128]       32,896",
    "├─ 3 (ReLU)     [32, 128]           --",
    "└─ 4 (Linear)   [32, 10]         1,290",
    "======================================",
    "Total params: 235,146",
    "Trainable params: 235,146",
    "Non-trainable params: 0",
    "Params size (MB): 0.94",
  ].join("\n"));
  model.dispose();
});

class Twice extends nn.Module {
  block = new nn.Sequential(new nn.Linear(4, 5), new nn.Tanh());
  head = new nn.Linear(5, 2);
  forward(x: Tensor) {
    const h = this.block.forward(x);
    return this.head.forward(this.block.forward(x)).add(this.head.forward(h));
  }
}

test("nesting drawn as a tree in call order; a module called again is listed again and counted once", () => {
  const model = new Twice();
  model.head.bias!.requiresGrad = false;
  expect(summary(model, [3, 4]).split("\n").slice(1)).toEqual([
    "Layer (type)            Output Shape    Param #",
    "===============================================",
    "Twice                   [3, 2]               --",
    "├─ block (Sequential)   [3, 5]               --",
    "│  ├─ 0 (Linear)        [3, 5]               25",
    "│  └─ 1 (Tanh)          [3, 5]               --",
    "├─ block (Sequential)   [3, 5]         (shared)",
    "│  ├─ 0 (Linear)        [3, 5]         (shared)",
    "│  └─ 1 (Tanh)          [3, 5]         (shared)",
    "├─ head (Linear)        [3, 2]               12",
    "└─ head (Linear)        [3, 2]         (shared)",
    "===============================================",
    "Total params: 37",
    "Trainable params: 35",
    "Non-trainable params: 2",
    "Params size (MB): 0.00",
  ]);
  model.dispose();
});

test("int32 inputs (embeddings), several inputs, results that are arrays", () => {
  const emb = new nn.Sequential(new nn.Embedding(10, 4), new nn.Flatten(), new nn.Linear(8, 2));
  expect(summary(emb, [1, 2], { dtype: "int32" })).toContain("├─ 0 (Embedding)   [1, 2, 4]           40");
  const two = new (class Pair extends nn.Module {
    a = new nn.Linear(3, 2);
    forward(x: Tensor, y: Tensor) {
      return [this.a.forward(x), [y, y]];
    }
  })();
  const text = summary(two, [[5, 3], [5, 1]]);
  expect(text.split("\n")[0]).toBe("Input shape: [5, 3], [5, 1]");
  expect(text).toContain("Pair            ([5, 2], ([5, 1], [5, 1]))        --\n└─ a (Linear)   [5, 2]                             8");
  for (const m of [emb, two]) m.dispose();
});

test("the model is left as it was: own properties, training flags, batch-norm statistics, arena", () => {
  const model = new nn.Sequential(new nn.Linear(4, 6), new nn.BatchNorm1d(6), new nn.Dropout(0.5), new nn.Linear(6, 1));
  model[2].eval();
  const keys = model.modules().map((m) => Object.getOwnPropertyNames(m).join());
  const flags = model.modules().map((m) => m.training);
  const stats = model[1].stateDict();
  const before = Object.fromEntries(Object.entries(stats).map(([k, t]) => [k, t.toArray()]));
  const mem = memoryStats();
  const text = summary(model, [1, 4]); // batch of 1: fine in eval mode, an error for batch norm in training mode
  expect(text).toContain("├─ 1 (BatchNorm1d)   [1, 6]              12");
  expect(text).toContain("Total params: 49");
  expect(model.modules().map((m) => Object.getOwnPropertyNames(m).join())).toEqual(keys);
  expect(model.modules().map((m) => m.training)).toEqual(flags);
  expect(Object.fromEntries(Object.entries(model[1].stateDict()).map(([k, t]) => [k, t.toArray()]))).toEqual(before);
  expect(memoryStats().bytesInUse).toBe(mem.bytesInUse);
  expect(memoryStats().tensors).toBe(mem.tensors);
  // a failing forward pass: the error comes through and the hooks are gone all the same
  expect(() => summary(model, [1, 5])).toThrow(/linear|shape|5/i);
  expect(model.modules().map((m) => Object.getOwnPropertyNames(m).join())).toEqual(keys);
  expect(memoryStats().bytesInUse).toBe(mem.bytesInUse);
  model.dispose();
});
