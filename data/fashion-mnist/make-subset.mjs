// Draws the shipped Fashion-MNIST subset: a stratified, seeded sample of Debian's dataset-fashion-mnist, written as gzipped IDX.
// Usage: node data/fashion-mnist/make-subset.mjs [--src /usr/share/datasets/fashion-mnist] [--out data/fashion-mnist]
//        [--train-per-class 1000] [--test-per-class 200] [--seed 20170825]
// Deterministic: the same inputs and arguments give byte-identical files (gzip header mtime 0, level 9).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

const args = { src: "/usr/share/datasets/fashion-mnist", out: new URL(".", import.meta.url).pathname, "train-per-class": "1000", "test-per-class": "200", seed: "20170825" };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, "");
  if (!(key in args) || process.argv[i + 1] === undefined) throw new Error(`unknown or incomplete argument ${process.argv[i]}`);
  args[key] = process.argv[i + 1];
}

/** splitmix32: a tiny seeded generator, enough to pick a sample reproducibly. */
function generator(seed) {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/** Parses an unsigned-byte IDX file: magic 0x00 0x00 0x08 ndim, big-endian uint32 dims, then the bytes. */
function readIdx(path) {
  const b = gunzipSync(readFileSync(path));
  if (b[0] !== 0 || b[1] !== 0 || b[2] !== 0x08) throw new Error(`${path}: not an unsigned-byte IDX file`);
  const ndim = b[3];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shape = Array.from({ length: ndim }, (_, d) => dv.getUint32(4 + 4 * d));
  const header = 4 + 4 * ndim;
  return { shape, header: b.subarray(0, header), data: b.subarray(header) };
}

function writeIdx(path, shape, data) {
  const header = new Uint8Array(4 + 4 * shape.length);
  const dv = new DataView(header.buffer);
  header.set([0, 0, 0x08, shape.length]);
  shape.forEach((d, i) => dv.setUint32(4 + 4 * i, d));
  const gz = gzipSync(Buffer.concat([header, data]), { level: 9 });
  writeFileSync(path, gz);
  const sha = createHash("sha256").update(gz).digest("hex");
  console.log(`${path}: shape [${shape.join(", ")}], ${gz.length} bytes, sha256 ${sha}`);
}

/** Per class, a seeded Fisher–Yates shuffle of that class's indices, first `perClass` kept; the union in original order. */
function stratified(labels, perClass, rand) {
  const chosen = [];
  for (let c = 0; c < 10; c++) {
    const idx = [];
    labels.forEach((l, i) => l === c && idx.push(i));
    if (idx.length < perClass) throw new Error(`class ${c} has only ${idx.length} examples, need ${perClass}`);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    chosen.push(...idx.slice(0, perClass));
  }
  return chosen.sort((a, b) => a - b);
}

const rand = generator(Number(args.seed));
for (const [split, perClass] of [["train", Number(args["train-per-class"])], ["t10k", Number(args["test-per-class"])]]) {
  const images = readIdx(join(args.src, `${split}-images-idx3-ubyte.gz`));
  const labels = readIdx(join(args.src, `${split}-labels-idx1-ubyte.gz`));
  const [, rows, cols] = images.shape;
  const pick = stratified(labels.data, perClass, rand);
  const px = rows * cols;
  const outImages = Buffer.alloc(pick.length * px);
  const outLabels = Buffer.alloc(pick.length);
  pick.forEach((src, i) => {
    outImages.set(images.data.subarray(src * px, (src + 1) * px), i * px);
    outLabels[i] = labels.data[src];
  });
  writeIdx(join(args.out, `${split}-images-idx3-ubyte.gz`), [pick.length, rows, cols], outImages);
  writeIdx(join(args.out, `${split}-labels-idx1-ubyte.gz`), [pick.length], outLabels);
}
