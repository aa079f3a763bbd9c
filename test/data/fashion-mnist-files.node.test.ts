// Node-only (node:fs): the shipped Fashion-MNIST subset reads with readIdx and is what its README says.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { data } from "simdgrad";

const read = (name: string) => data.readIdx(readFileSync(new URL(`../../data/fashion-mnist/${name}`, import.meta.url)));

for (const [split, n] of [["train", 10000], ["t10k", 2000]] as const) {
  test(`${split}: ${n} uint8 28×28 images, labels balanced across the 10 classes`, async () => {
    const images = await read(`${split}-images-idx3-ubyte.gz`);
    const labels = await read(`${split}-labels-idx1-ubyte.gz`);
    expect([images.dtype, images.shape]).toEqual(["uint8", [n, 28, 28]]);
    expect([labels.dtype, labels.shape]).toEqual(["uint8", [n]]);
    const counts = new Array<number>(10).fill(0);
    for (const l of labels.data) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(n / 10));
    let max = 0;
    for (const p of images.data) max = Math.max(max, p);
    expect(max).toBe(255);
  });
}
