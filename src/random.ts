// Seeded pseudo-random numbers, identical on every runtime: xoshiro128** seeded by splitmix32.
//   see: https://prng.di.unimi.it/xoshiro128starstar.c (Blackman & Vigna)
// Normals use the Box–Muller transform in float64 (Math.log/cos/sin are the same fdlibm code in V8, so Node,
// Deno and Chromium agree bit for bit).

export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  constructor(seed = 0x5eed) {
    this.reset("Generator", seed);
  }

  /** Resets the state from a seed (any finite number; its low 32 bits and the 32 above them are used). */
  seed(seed: number): this {
    return this.reset("Generator.seed", seed);
  }

  /** @internal seed() with errors naming the caller. */
  reset(op: string, seed: number): this {
    if (typeof seed !== "number" || !Number.isFinite(seed)) {
      throw new RangeError(`${op}: seed must be a finite number, got ${typeof seed === "string" ? JSON.stringify(seed) : String(seed)}`);
    }
    let x = (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
    const next = () => {
      // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spare = null;
    return this;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 24 random bits (every value exactly representable in float32). */
  random(): number {
    return (this.nextU32() >>> 8) / 16777216;
  }

  /**
   * @internal Writes a + (b − a)·random() into out[start], …, out[start + n − 1]: the numbers n calls of random()
   * give, with the state in locals (initialising a layer's weights is most of a model's construction time).
   */
  fillUniform(out: Float32Array, start: number, n: number, a: number, b: number): void {
    let s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    for (let i = 0; i < n; i++) {
      const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      out[start + i] = a + (b - a) * ((r >>> 8) / 16777216);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Standard normal N(0, 1) by Box–Muller; values come in pairs. */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    const u1 = 1 - this.random(); // (0, 1]: log is finite
    const u2 = this.random();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [0, n) for 0 < n <= 2^32 (multiply-shift: bias below 2^-32·n). */
  int(n: number): number {
    if (!(Number.isInteger(n) && n >= 1 && n <= 4294967296)) throw new RangeError(`Generator.int: n must be an integer in [1, 2^32], got ${String(n)}`);
    return Math.floor((this.nextU32() / 4294967296) * n);
  }
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** The generator behind rand, randn, randint, dropout, initialisers and shuffling unless one is passed. */
export const defaultGenerator = new Generator();

/** Seeds the default generator: the same seed gives the same numbers on every runtime. */
export function manualSeed(seed: number): void {
  defaultGenerator.reset("manualSeed", seed);
}
