// Image grids as files without dependencies: tiles of grey images laid out in a grid, encoded as PGM (binary P5) or
// PNG (8-bit grey, uncompressed deflate blocks), so any runtime can write them.

/** An 8-bit grey image, row-major. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/**
 * Lays out `tiles` (each h·w values in [0, 1], row-major; values outside are clamped) in rows of `cols`, with `gap`
 * pixels of `background` (0–255) between and around them.
 */
export function tileGrid(tiles: Float32Array[], h: number, w: number, cols: number, opts: { gap?: number; background?: number } = {}): GreyImage {
  const gap = opts.gap ?? 2, rows = Math.ceil(tiles.length / cols);
  const width = cols * w + (cols + 1) * gap, height = rows * h + (rows + 1) * gap;
  const pixels = new Uint8Array(width * height).fill(opts.background ?? 128);
  tiles.forEach((tile, i) => {
    const top = gap + Math.floor(i / cols) * (h + gap), left = gap + (i % cols) * (w + gap);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) pixels[(top + y) * width + left + x] = Math.round(255 * Math.min(1, Math.max(0, tile[y * w + x])));
    }
  });
  return { width, height, pixels };
}

/** Netpbm binary greymap: "P5\n<width> <height>\n255\n" then the pixels. */
export function encodePgm(img: GreyImage): Uint8Array {
  const head = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(head.length + img.pixels.length);
  out.set(head);
  out.set(img.pixels, head.length);
  return out;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309, as PNG chunks use) of bytes. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * PNG, 8-bit greyscale, every row with filter 0; the image data is a zlib stream of stored (uncompressed) deflate
 * blocks of at most 65,535 bytes, followed by its Adler-32.
 */
export function encodePng(img: GreyImage): Uint8Array {
  const { width, height, pixels } = img;
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const z = new Uint8Array(2 + raw.length + 5 * blocks + 4);
  const zv = new DataView(z.buffer);
  z[0] = 0x78; // deflate, 32 KiB window
  z[1] = 0x01; // no dictionary, fastest; (0x78 << 8 | 0x01) % 31 == 0
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * 65535, Math.min(raw.length, (b + 1) * 65535));
    z[o] = b === blocks - 1 ? 1 : 0; // BFINAL, BTYPE 00 (stored)
    zv.setUint16(o + 1, part.length, true);
    zv.setUint16(o + 3, ~part.length & 0xffff, true);
    z.set(part, o + 5);
    o += 5 + part.length;
  }
  let a = 1, s = 0;
  for (const v of raw) {
    a = (a + v) % 65521;
    s = (s + a) % 65521;
  }
  zv.setUint32(o, ((s << 16) | a) >>> 0);

  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, filter method 0, no interlace
  const chunks = [chunk("IHDR", ihdr), chunk("IDAT", z), chunk("IEND", new Uint8Array(0))];
  const out = new Uint8Array(8 + chunks.reduce((n, c) => n + c.length, 0));
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let p = 8;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** One PNG chunk: length, type, data, CRC-32 of type + data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
