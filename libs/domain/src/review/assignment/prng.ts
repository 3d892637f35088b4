/**
 * Seeded randomness for expert assignment. Every draw must be reproducible from the published
 * seed alone (an officer or auditor re-runs it), so nothing here reads Math.random or the clock.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 128-bit state, period 2^128 − 1; its four state
 * words are filled from the 32-bit seed with splitmix32, which never yields the all-zero state.
 */
export interface Prng {
  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n), exact (rejection sampling, no modulo bias); n in [1, 2^32]. */
  nextInt(n: number): number;
}

/** splitmix32: spreads consecutive seeds over unrelated states. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

export function createPrng(seed: number): Prng {
  const init = splitmix32(seed);
  let s0 = init();
  let s1 = init();
  let s2 = init();
  let s3 = init();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const nextInt = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new RangeError(`nextInt: bad bound ${n}`);
    // Accept only draws below the largest multiple of n, so every residue is equally likely.
    const limit = Math.floor(0x100000000 / n) * n;
    for (;;) {
      const r = nextUint32();
      if (r < limit) return r % n;
    }
  };
  return { nextUint32, nextInt };
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(items: { [index: number]: T; length: number }, rng: Prng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}
