// The arena: a TypeScript allocator over the one wasm memory. 64-byte-aligned blocks, binned free lists, coalescing, growth up to a cap.

/** Every block starts at a multiple of this and spans a multiple of it. */
export const ALIGN = 64;
const PAGE = 65536;

export interface ArenaStats {
  /** Bytes in live blocks. */
  bytesInUse: number;
  /** Highest bytesInUse seen. */
  peakBytes: number;
  /** Number of live blocks. */
  blocks: number;
  /** Bytes of free blocks below the top of the arena (reusable, not returned to the system). */
  freeBytes: number;
  /** freeBytes / (bytesInUse + freeBytes): 0 when the arena is packed. */
  fragmentation: number;
  /** Current size of the wasm memory in bytes. */
  memoryBytes: number;
}

/** Size class of a block of `units` 64-byte units: floor(log2(units)). */
const binOf = (units: number) => 31 - Math.clz32(units);

export class Arena {
  private readonly live = new Map<number, number>(); // start → bytes
  private readonly freeAt = new Map<number, number>(); // free block start → bytes
  private readonly freeEnding = new Map<number, number>(); // free block end → start
  private readonly bins: Set<number>[] = Array.from({ length: 32 }, () => new Set());
  /** Bit b set when bins[b] is non-empty: a lookup skips empty bins without iterating them. */
  private nonEmpty = 0;
  private top: number;
  private inUse = 0;
  private peak = 0;
  private free = 0;
  /** memory.buffer.byteLength as last read (memories only grow). */
  private capacity = 0;

  /**
   * @param memory the wasm memory the blocks live in
   * @param base first usable byte (above the module's static data), rounded up to ALIGN
   * @param maxBytes the cap: growth beyond it is an out-of-memory error
   * @param onGrow called after memory.grow, so views over the memory can be refreshed
   */
  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
    private readonly maxBytes: number,
    private readonly onGrow: () => void,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** Allocates a block of at least `bytes` bytes (at least ALIGN) and returns its byte address. */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    // beyond the cap no free block can hold it (and the size classes only reach 2^37 bytes): the out-of-memory error
    if (!(size <= this.maxBytes)) this.grow(this.top + size);
    let ptr = this.takeFree(size);
    if (ptr < 0) {
      ptr = this.top;
      // memory.buffer is a getter that may allocate (shared memories): read it only when the cached size is too small
      if (ptr + size > this.capacity && ptr + size > (this.capacity = this.memory.buffer.byteLength)) this.grow(ptr + size);
      this.top = ptr + size;
    }
    this.live.set(ptr, size);
    this.inUse += size;
    if (this.inUse > this.peak) this.peak = this.inUse;
    return ptr;
  }

  /** Returns a block to the arena. Freeing an address that is not a live block is an error. */
  release(ptr: number): void {
    let size = this.live.get(ptr);
    if (size === undefined) throw new Error(`arena: free of ${ptr}, which is not a live block (double free or foreign pointer)`);
    this.live.delete(ptr);
    this.inUse -= size;
    let start = ptr;
    const before = this.freeEnding.get(start);
    if (before !== undefined) {
      size += this.unlinkFree(before);
      start = before;
    }
    const after = this.freeAt.get(start + size);
    if (after !== undefined) size += this.unlinkFree(start + size);
    if (start + size === this.top) this.top = start; // give the tail back to the bump region
    else this.linkFree(start, size);
  }

  /** The size in bytes of a live block. */
  sizeOf(ptr: number): number {
    return this.live.get(ptr) ?? 0;
  }

  stats(): ArenaStats {
    const total = this.inUse + this.free;
    return {
      bytesInUse: this.inUse,
      peakBytes: this.peak,
      blocks: this.live.size,
      freeBytes: this.free,
      fragmentation: total === 0 ? 0 : this.free / total,
      memoryBytes: this.memory.buffer.byteLength,
    };
  }

  /** Best fit within the smallest bin that can hold `size`, else the first block of any larger bin; splits the rest off. */
  private takeFree(size: number): number {
    if (this.nonEmpty === 0) return -1;
    const bin = binOf(size / ALIGN);
    let found = -1;
    let foundSize = Infinity;
    if (this.nonEmpty & (1 << bin)) {
      for (const start of this.bins[bin]) {
        const s = this.freeAt.get(start)!;
        if (s >= size && s < foundSize) {
          found = start;
          foundSize = s;
          if (s === size) break;
        }
      }
    }
    if (found < 0) {
      const larger = bin === 31 ? 0 : this.nonEmpty & (-1 << (bin + 1)); // the non-empty bins above
      if (larger === 0) return -1;
      const b = 31 - Math.clz32(larger & -larger); // the lowest of them
      for (const start of this.bins[b]) {
        found = start;
        foundSize = this.freeAt.get(start)!;
        break;
      }
    }
    this.unlinkFree(found);
    if (foundSize > size) this.linkFree(found + size, foundSize - size);
    return found;
  }

  private linkFree(start: number, size: number): void {
    this.freeAt.set(start, size);
    this.freeEnding.set(start + size, start);
    const b = binOf(size / ALIGN);
    this.bins[b].add(start);
    this.nonEmpty |= 1 << b;
    this.free += size;
  }

  private unlinkFree(start: number): number {
    const size = this.freeAt.get(start)!;
    this.freeAt.delete(start);
    this.freeEnding.delete(start + size);
    const b = binOf(size / ALIGN);
    const bin = this.bins[b];
    bin.delete(start);
    if (bin.size === 0) this.nonEmpty &= ~(1 << b);
    this.free -= size;
    return size;
  }

  /** Grows the memory to hold `end` bytes, in large steps (each growth of an unshared memory detaches its views). */
  private grow(end: number): void {
    const current = this.memory.buffer.byteLength;
    if (!(end <= this.maxBytes)) {
      throw new RangeError(
        `simdgrad: out of memory: an allocation needs the arena to reach ${end} bytes, above the cap of ${this.maxBytes} ` +
          `(${this.inUse} bytes in use in ${this.live.size} blocks); dispose tensors you no longer need, use scope(), or raise init({ maxMemoryBytes })`,
      );
    }
    const target = Math.min(this.maxBytes, Math.max(end, current * 2));
    const pages = Math.ceil((target - current) / PAGE);
    try {
      this.memory.grow(pages);
    } catch {
      const minimal = Math.ceil((end - current) / PAGE);
      try {
        this.memory.grow(minimal);
      } catch (e) {
        throw new RangeError(`simdgrad: out of memory: the runtime refused to grow wasm memory to ${end} bytes (${String(e)})`);
      }
    }
    this.onGrow();
  }
}
