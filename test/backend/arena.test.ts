// The arena allocator: alignment, reuse, coalescing, growth and the cap, on a bare WebAssembly.Memory.
import { describe, expect, test } from "vitest";
import { ALIGN, Arena } from "../../src/backend/arena";

const make = (maxBytes = 1 << 24) => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: maxBytes / 65536 });
  let grown = 0;
  return { arena: new Arena(memory, 100, maxBytes, () => grown++), memory, grown: () => grown };
};

describe("arena", () => {
  test("blocks are 64-byte aligned, start above the base, and do not overlap", () => {
    const { arena } = make();
    const ptrs = [1, 63, 64, 65, 1000, 4].map((n) => [arena.alloc(n), n] as const);
    for (const [p] of ptrs) {
      expect(p % ALIGN).toBe(0);
      expect(p).toBeGreaterThanOrEqual(128);
    }
    const spans = ptrs.map(([p, n]) => [p, p + Math.max(ALIGN, Math.ceil(n / ALIGN) * ALIGN)]).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
  });

  test("freed blocks are reused and neighbours coalesce", () => {
    const { arena } = make();
    const a = arena.alloc(256), b = arena.alloc(256), c = arena.alloc(256), d = arena.alloc(64);
    arena.release(a);
    arena.release(b);
    expect(arena.stats().freeBytes).toBe(512);
    expect(arena.alloc(512)).toBe(a); // a and b merged into one 512-byte block
    arena.release(c);
    expect(arena.stats().freeBytes).toBe(256);
    arena.release(d); // d was last: it and the free c before it return to the bump region
    expect(arena.stats().freeBytes).toBe(0);
    expect(arena.alloc(64)).toBe(c);
  });

  test("stats count live bytes, blocks, peak and fragmentation", () => {
    const { arena } = make();
    const a = arena.alloc(100), b = arena.alloc(1000);
    expect(arena.stats()).toMatchObject({ bytesInUse: 128 + 1024, blocks: 2, peakBytes: 1152 });
    arena.release(a);
    const s = arena.stats();
    expect(s).toMatchObject({ bytesInUse: 1024, blocks: 1, freeBytes: 128, peakBytes: 1152 });
    expect(s.fragmentation).toBeCloseTo(128 / 1152);
    arena.release(b);
    expect(arena.stats()).toMatchObject({ bytesInUse: 0, blocks: 0, freeBytes: 0 });
  });

  test("a steady pattern of allocations does not grow the arena", () => {
    const { arena } = make();
    const sizes = [4000, 64, 12800, 640, 4, 4000];
    for (let round = 0; round < 200; round++) {
      const ptrs = sizes.map((s) => arena.alloc(s));
      for (const p of ptrs.reverse()) arena.release(p);
    }
    expect(arena.stats().peakBytes).toBeLessThanOrEqual(sizes.reduce((a, s) => a + Math.ceil(s / 64) * 64, 0));
  });

  test("grows the memory on demand and reports it", () => {
    const { arena, memory, grown } = make();
    const p = arena.alloc(200_000);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(p + 200_000);
    expect(grown()).toBe(1);
  });

  test("the cap gives a clear out-of-memory error and leaves the arena usable", () => {
    const { arena } = make(1 << 20);
    const a = arena.alloc(500_000);
    expect(() => arena.alloc(800_000)).toThrow(/out of memory.*cap of 1048576/);
    arena.release(a);
    expect(arena.alloc(800_000)).toBeGreaterThan(0);
  });

  test("double free and foreign pointers are errors", () => {
    const { arena } = make();
    const a = arena.alloc(64);
    arena.release(a);
    expect(() => arena.release(a)).toThrow(/not a live block/);
    expect(() => arena.release(12345)).toThrow(/not a live block/);
  });
});
