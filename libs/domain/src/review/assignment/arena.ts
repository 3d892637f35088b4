/**
 * Typed arrays carved out of one ArrayBuffer, sized up front. Every typed-array allocation
 * counts as external memory, and V8 starts a full garbage collection for about every 64 MB of
 * it; with a national request (ten million small objects: the caller's pair lists) live in the
 * heap, each of those collections takes about a second. So the big arrays of one step are
 * allocated together.
 */
export class Arena {
  private readonly buffer: ArrayBuffer;
  private offset = 0;

  constructor(bytes: number) {
    this.buffer = new ArrayBuffer(bytes);
  }

  /** Bytes that an array of `count` elements of `width` bytes takes (8-byte aligned). */
  static bytes(count: number, width: number): number {
    return Math.ceil((count * width) / 8) * 8;
  }

  i32(n: number): Int32Array {
    const a = new Int32Array(this.buffer, this.offset, n);
    this.offset += Arena.bytes(n, 4);
    return a;
  }

  f64(n: number): Float64Array {
    const a = new Float64Array(this.buffer, this.offset, n);
    this.offset += Arena.bytes(n, 8);
    return a;
  }

  i8(n: number): Int8Array {
    const a = new Int8Array(this.buffer, this.offset, n);
    this.offset += Arena.bytes(n, 1);
    return a;
  }

  u8(n: number): Uint8Array {
    const a = new Uint8Array(this.buffer, this.offset, n);
    this.offset += Arena.bytes(n, 1);
    return a;
  }
}
