// Node-only (reads the shipped files with node:fs, checks the PNG with node:zlib): the convolutional autoencoder of
// examples/conv-autoencoder.ts learns to reconstruct Fashion-MNIST images, with either decoder; the image-grid encoders.
import { readFileSync } from "node:fs";
import { crc32 as zlibCrc32, inflateSync } from "node:zlib";
import { F, Generator, type Tensor, data, fit, init, manualSeed, optim } from "simdgrad";
import { beforeAll, describe, expect, test } from "vitest";
import { type Decoder, makeAutoencoder, toUnitPixels } from "../../examples/lib/autoencoder";
import { loadFashionMnist } from "../../examples/lib/fashion-mnist";
import { crc32, encodePgm, encodePng, tileGrid } from "../../examples/lib/images";

const dir = new URL("../../data/fashion-mnist/", import.meta.url);
let trainX: Tensor, testX: Tensor;

beforeAll(async () => {
  await init();
  const ds = await loadFashionMnist((name) => readFileSync(new URL(`${name}.gz`, dir)), { limitTrain: 2000, limitTest: 500 });
  trainX = toUnitPixels(ds.trainX, ds.mean, ds.std);
  testX = toUnitPixels(ds.testX, ds.mean, ds.std);
  for (const t of [ds.trainX, ds.testX, ds.trainY, ds.testY]) t.dispose();
});

// Measured on this machine (first 2,000 shipped training images, batch 32, Adam 2e-3, MSE on [0, 1] pixels of the
// first 500 test images; predicting the mean pixel everywhere scores about 0.12): transposed-convolution decoder after
// 3 epochs, seeds 0–7: 0.0156–0.0358 (seed 0: 0.0358); upsampling decoder after 1 epoch, seeds 0–4: 0.0157–0.0230
// (seed 0: 0.0230). Bounds with margin: 0.05 and 0.035. About 2 s each.
const CASES: { decoder: Decoder; epochs: number; maxMse: number }[] = [
  { decoder: "transpose", epochs: 3, maxMse: 0.05 },
  { decoder: "upsample", epochs: 1, maxMse: 0.035 },
];

describe.each(CASES)("conv autoencoder ($decoder decoder)", ({ decoder, epochs, maxMse }) => {
  test(`${epochs} epoch(s) on 2,000 shipped images: test reconstruction MSE < ${maxMse}`, async () => {
    manualSeed(0);
    const model = makeAutoencoder({ decoder });
    const history = await fit(model, new data.DataLoader(new data.TensorDataset(trainX, trainX), { batchSize: 32, shuffle: true, generator: new Generator(0) }), {
      epochs,
      optimizer: new optim.Adam(model.parameters(), { lr: 2e-3 }),
      loss: F.mseLoss,
      validation: new data.DataLoader(new data.TensorDataset(testX, testX), { batchSize: 500 }),
      verbose: false,
    });
    expect(history.valLoss.at(-1)).toBeLessThan(maxMse);
    model.dispose();
  });
});

describe("image grids", () => {
  const tiles = [Float32Array.of(0, 0.5, 1, 2, -1, 0.25), Float32Array.of(1, 1, 1, 0, 0, 0), Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6)];
  const grid = tileGrid(tiles, 2, 3, 2, { gap: 1, background: 7 });

  test("tileGrid lays tiles out in rows with gaps, clamped to [0, 1] and scaled to 0–255", () => {
    expect([grid.width, grid.height]).toEqual([2 * 3 + 3, 2 * 2 + 3]);
    const row = (y: number) => Array.from(grid.pixels.subarray(y * grid.width, (y + 1) * grid.width));
    expect(row(0)).toEqual(new Array(9).fill(7));
    expect(row(1)).toEqual([7, 0, 128, 255, 7, 255, 255, 255, 7]);
    expect(row(2)).toEqual([7, 255, 0, 64, 7, 0, 0, 0, 7]);
    expect(row(4)).toEqual([7, 26, 51, 77, 7, 7, 7, 7, 7]);
  });

  test("encodePgm writes a binary P5 greymap", () => {
    const pgm = encodePgm(grid);
    const head = `P5\n9 7\n255\n`;
    expect(new TextDecoder().decode(pgm.subarray(0, head.length))).toBe(head);
    expect(Array.from(pgm.subarray(head.length))).toEqual(Array.from(grid.pixels));
  });

  test("encodePng writes a valid 8-bit grey PNG (CRCs and zlib stream checked by Node's zlib), also past 64 KiB", () => {
    for (const img of [grid, { width: 300, height: 300, pixels: Uint8Array.from({ length: 90000 }, (_, i) => (i * 7) % 251) }]) {
      const png = encodePng(img);
      expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const view = new DataView(png.buffer, png.byteOffset);
      const chunks: Record<string, Uint8Array> = {};
      for (let o = 8; o < png.length;) {
        const len = view.getUint32(o), type = new TextDecoder().decode(png.subarray(o + 4, o + 8));
        expect(view.getUint32(o + 8 + len)).toBe(zlibCrc32(png.subarray(o + 4, o + 8 + len)));
        chunks[type] = png.subarray(o + 8, o + 8 + len);
        o += 12 + len;
      }
      expect(Object.keys(chunks)).toEqual(["IHDR", "IDAT", "IEND"]);
      const ihdr = new DataView(chunks.IHDR.buffer, chunks.IHDR.byteOffset);
      expect([ihdr.getUint32(0), ihdr.getUint32(4), ...chunks.IHDR.subarray(8)]).toEqual([img.width, img.height, 8, 0, 0, 0, 0]);
      const raw = inflateSync(chunks.IDAT);
      expect(raw.length).toBe(img.height * (img.width + 1));
      for (let y = 0; y < img.height; y++) {
        expect(raw[y * (img.width + 1)]).toBe(0);
        expect(Buffer.compare(raw.subarray(y * (img.width + 1) + 1, (y + 1) * (img.width + 1)), img.pixels.subarray(y * img.width, (y + 1) * img.width))).toBe(0);
      }
    }
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
});
