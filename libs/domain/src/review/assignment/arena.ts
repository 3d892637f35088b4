/**
 * Typed arrays carved out of one ArrayBuffer, sized up front. Every typed-array allocation
 * counts as external memory, and V8 starts a full garbage collection for about every 64 MB of
 * it; with a national request (ten million small objects: the caller's pair lists) live in the
 * heap, each of those collections takes about a second. So the big arrays of one step are
 * allocated together, and within `withReserve` every step's arena is a slice of one buffer
 * allocated when the call starts: one collection instead of one per step.
 */
export class Arena {
  private readonly buffer: ArrayBufferLike;
  private offset: number;

  constructor(bytes: number) {
    if (reserve && reserve.offset + bytes <= reserve.buffer.byteLength) {
      // A fresh slice: never handed out before, so zero like a new buffer.
      this.buffer = reserve.buffer;
      this.offset = reserve.offset;
      reserve.offset += bytes;
    } else {
      this.buffer = new ArrayBuffer(bytes);
      this.offset = 0;
    }
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

/** The largest reserve tried: a bound beyond it (say from a huge candidateLimit) means none. */
const MAX_RESERVE = 4 * 2 ** 30;

/** The running call's reserve (the engine is synchronous: one call at a time per thread). */
let reserve: { buffer: ArrayBufferLike; offset: number } | null = null;

/** Reserves from this size are SharedArrayBuffers (see reserveBuffer): national-scale calls. */
const SHARED_FROM = 256 * 2 ** 20;

/**
 * The reserve's buffer. V8 counts an ArrayBuffer as external memory and, with a national
 * request's ten million objects in the heap, allocating its reserve (~1 GB) started a full
 * collection of about a second inside the call; a SharedArrayBuffer is not counted so (measured,
 * Node 20), so large reserves are shared ones where there are. The price: V8 does not see that
 * memory either, so it stays until the next full collection after the call or the end of the
 * thread (production calls run in a thread of their own, assignment.thread.ts); below
 * SHARED_FROM the collection is cheap and three calls in one process (the 10,000 × 3,000 bench)
 * would hold three reserves (peak 467 MB against 333 MB).
 */
function reserveBuffer(bytes: number): ArrayBufferLike {
  return bytes >= SHARED_FROM && typeof SharedArrayBuffer === 'function'
    ? new SharedArrayBuffer(bytes)
    : new ArrayBuffer(bytes);
}

/**
 * Run `fn` with `bytes` reserved in one buffer, from which every Arena created meanwhile is cut
 * while it fits (beyond that, arenas allocate as usual). Pages never written cost no memory, so
 * an upper bound is fine.
 */
export function withReserve<T>(bytes: number, fn: () => T): T {
  const outer = reserve;
  reserve = null;
  // Nor when the machine refuses it: the arenas then allocate as usual.
  if (bytes > 0 && bytes <= MAX_RESERVE)
    try {
      reserve = { buffer: reserveBuffer(Arena.bytes(bytes, 1)), offset: 0 };
    } catch {
      reserve = null;
    }
  try {
    return fn();
  } finally {
    reserve = outer;
  }
}
