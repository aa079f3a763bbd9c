// Core behaviours next to the bad-input sweep: a vector dot product is 0-d, and loadStateDict changes nothing when an entry is bad.
import { beforeAll, expect, test } from "vitest";
import { init, matmul, nn, ones, tensor, zeros } from "simdgrad";

let linear: nn.Linear;
beforeAll(async () => {
  await init();
  linear = new nn.Linear(2, 2);
});

test("matmul of two vectors is their dot product (0-d)", () => {
  const d = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
  expect(d.shape).toEqual([]);
  expect(d.item()).toBe(32);
});

test("loadStateDict names a disposed source and copies nothing when any entry is bad", () => {
  const src = ones([2, 2]);
  src.dispose();
  expect(() => linear.loadStateDict({ weight: src, bias: ones([2]) })).toThrow(/loadStateDict: "weight": tensor of shape \[2, 2\] was disposed/);
  const before = linear.bias!.toArray();
  expect(() => linear.loadStateDict({ weight: ones([3, 3]), bias: zeros([2]) })).toThrow(/"weight" has shape \[3, 3\]/);
  expect(linear.bias!.toArray()).toEqual(before);
});
