// IDX parsing and gzip reading on in-test fixtures (portable: no file access, runs in Node, Deno and browsers).
import { describe, expect, test } from "vitest";
import { data } from "simdgrad";

/** An IDX file: magic 00 00 code ndim, big-endian uint32 dims, then `body` bytes. */
function idx(code: number, dims: number[], body: number[] | Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const dv = new DataView(out.buffer);
  out.set([0, 0, code, dims.length]);
  dims.forEach((d, i) => dv.setUint32(4 + 4 * i, d, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

/** Big-endian bytes of numbers written by a DataView setter. */
function be(n: number, bytes: number, set: (dv: DataView, at: number, v: number) => void, values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * bytes);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => set(dv, i * bytes, v));
  return out;
}

const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** Made by Python's gzip.compress (mtime 0): a uint8 IDX [5] holding 3 1 4 1 5, and a uint8 IDX [2, 2, 3] of 0…11. */
const GZ_LABELS = "H4sIAAAAAAACA2Ng4GBkYGBgZWZkYWQFAO0t3JsNAAAA";
const GZ_CUBE = "H4sIAAAAAAACA2Ng4GBmYGBggmJmBkYmZhZWNnYOTi5uAHgeI4QcAAAA";

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("parseIdx", () => {
  test("unsigned bytes: shape, dtype and data", () => {
    const r = data.parseIdx(idx(0x08, [2, 2, 3], Array.from({ length: 12 }, (_, i) => 250 + (i % 6))));
    expect(r.shape).toEqual([2, 2, 3]);
    expect(r.dtype).toBe("uint8");
    expect(r.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(r.data)).toEqual([250, 251, 252, 253, 254, 255, 250, 251, 252, 253, 254, 255]);
  });

  test("every element type, big-endian", () => {
    const i8 = data.parseIdx(idx(0x09, [3], [0x80, 0xff, 0x7f]));
    expect([i8.dtype, Array.from(i8.data)]).toEqual(["int8", [-128, -1, 127]]);
    const i16 = data.parseIdx(idx(0x0b, [2], be(2, 2, (dv, at, v) => dv.setInt16(at, v), [-2, 300])));
    expect([i16.dtype, Array.from(i16.data)]).toEqual(["int16", [-2, 300]]);
    const i32 = data.parseIdx(idx(0x0c, [1, 3], be(3, 4, (dv, at, v) => dv.setInt32(at, v), [-70000, 0, 2 ** 31 - 1])));
    expect(i32.data).toBeInstanceOf(Int32Array);
    expect([i32.dtype, i32.shape, Array.from(i32.data)]).toEqual(["int32", [1, 3], [-70000, 0, 2 ** 31 - 1]]);
    const f32 = data.parseIdx(idx(0x0d, [2], be(2, 4, (dv, at, v) => dv.setFloat32(at, v), [1.5, -0.25])));
    expect(f32.data).toBeInstanceOf(Float32Array);
    expect(Array.from(f32.data)).toEqual([1.5, -0.25]);
    const f64 = data.parseIdx(idx(0x0e, [1], be(1, 8, (dv, at, v) => dv.setFloat64(at, v), [Math.PI])));
    expect([f64.dtype, Array.from(f64.data)]).toEqual(["float64", [Math.PI]]);
  });

  test("bytes at an offset inside a larger buffer, an ArrayBuffer, and empty dimensions", () => {
    const file = idx(0x0c, [2], be(2, 4, (dv, at, v) => dv.setInt32(at, v), [7, -7]));
    const padded = new Uint8Array(file.length + 3);
    padded.set(file, 3);
    expect(Array.from(data.parseIdx(padded.subarray(3)).data)).toEqual([7, -7]);
    expect(Array.from(data.parseIdx(file.slice().buffer).data)).toEqual([7, -7]);
    const empty = data.parseIdx(idx(0x08, [0, 28, 28], []));
    expect([empty.shape, empty.data.length]).toEqual([[0, 28, 28], 0]);
  });

  test("the data is a copy: changing it leaves the input alone", () => {
    const file = idx(0x08, [2], [1, 2]);
    data.parseIdx(file).data[0] = 99;
    expect(file[8]).toBe(1);
  });

  test("truncated and corrupt bytes are clear errors", () => {
    expect(() => data.parseIdx(new Uint8Array([0, 0]))).toThrow(/parseIdx: truncated header: expected at least 4 bytes \(the magic number\), got 2/);
    expect(() => data.parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0]))).toThrow(/bad magic number: expected it to start with 0x00 0x00, got 0x1f 0x8b \(these are gzip bytes: use readIdx/);
    expect(() => data.parseIdx(new Uint8Array([1, 0, 8, 1]))).toThrow(RangeError);
    expect(() => data.parseIdx(idx(0x0a, [1], [0]))).toThrow(/expected a type code 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e in byte 2, got 0x0a/);
    expect(() => data.parseIdx(idx(0x08, [60000, 28, 28], []).subarray(0, 10))).toThrow(/truncated header: 3 dimensions need 16 header bytes, got 10/);
    expect(() => data.parseIdx(idx(0x08, [2, 3], [1, 2, 3, 4, 5]))).toThrow(/truncated data: shape \[2, 3\] of unsigned bytes needs 6 data bytes after the 12-byte header, got 5/);
    expect(() => data.parseIdx(idx(0x0d, [2], new Uint8Array(7)))).toThrow(/truncated data: shape \[2\] of floats needs 8 data bytes/);
    expect(() => data.parseIdx(idx(0x08, [2], [1, 2, 3]))).toThrow(/corrupt file: shape \[2\] of unsigned bytes needs 2 data bytes after the 8-byte header, got 3/);
    expect(() => data.parseIdx([0, 0, 8, 0] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => data.parseIdx([0, 0, 8, 0] as unknown as Uint8Array)).toThrow(/parseIdx: bytes must be a Uint8Array or an ArrayBuffer, got array of length 4/);
  });
});

describe("readIdx", () => {
  test("gzipped fixtures from another compressor", async () => {
    const labels = await data.readIdx(fromBase64(GZ_LABELS));
    expect([labels.shape, Array.from(labels.data)]).toEqual([[5], [3, 1, 4, 1, 5]]);
    const cube = await data.readIdx(fromBase64(GZ_CUBE));
    expect([cube.shape, Array.from(cube.data)]).toEqual([[2, 2, 3], Array.from({ length: 12 }, (_, i) => i)]);
  });

  test("uncompressed bytes pass straight to parseIdx", async () => {
    const r = await data.readIdx(idx(0x08, [3], [9, 8, 7]));
    expect(Array.from(r.data)).toEqual([9, 8, 7]);
  });

  test("round trip through CompressionStream, larger than one chunk", async () => {
    const n = 200_000;
    const body = Uint8Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 24);
    const r = await data.readIdx(await gzip(idx(0x08, [n / 100, 10, 10], body)));
    expect(r.shape).toEqual([n / 100, 10, 10]);
    expect(r.data.length).toBe(n);
    expect(r.data.every((v, i) => v === body[i])).toBe(true);
  });

  test("corrupt or truncated gzip is a RangeError; valid gzip of a bad IDX reports the IDX problem", async () => {
    const gz = fromBase64(GZ_CUBE);
    await expect(data.readIdx(gz.subarray(0, gz.length - 12))).rejects.toThrow(/gunzip: corrupt or truncated gzip data/);
    const bad = gz.slice();
    bad[12] ^= 0xff;
    await expect(data.readIdx(bad)).rejects.toThrow(RangeError);
    await expect(data.readIdx(await gzip(idx(0x08, [4], [1, 2])))).rejects.toThrow(/parseIdx: truncated data: shape \[4\]/);
    await expect(data.readIdx("file.gz" as unknown as Uint8Array)).rejects.toThrow(/readIdx: bytes must be a Uint8Array or an ArrayBuffer, got "file.gz"/);
  });
});
