/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, fed with strings encoded as UTF-8. The domain library
 * may not use node:crypto, and the input hash is an audit record (a published draw can be
 * re-run and compared), so a collision-resistant hash is used rather than a fast checksum.
 */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** Bytes buffered before hashing: whole 64-byte blocks are compressed in one pass. */
const BUFFER = 1 << 14;

/** Incremental SHA-256 over the UTF-8 bytes of the strings passed to `update`. */
export class Sha256 {
  private readonly h = new Int32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  private readonly w = new Int32Array(64);
  private readonly buf = new Uint8Array(BUFFER + 8);
  private used = 0;
  private bytes = 0;
  private finished = false;

  update(text: string): this {
    if (this.finished) throw new Error('Sha256: update after digest');
    const buf = this.buf;
    let used = this.used;
    for (let i = 0; i < text.length; i++) {
      if (used >= BUFFER) {
        this.used = used;
        this.flush();
        used = this.used;
      }
      let c = text.charCodeAt(i);
      if (c < 0x80) {
        buf[used++] = c;
        continue;
      }
      // Non-ASCII: encode the code point (surrogate pairs joined; a lone surrogate as U+FFFD).
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        } else c = 0xfffd;
      } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      // The buffer has 8 spare bytes past BUFFER for these up-to-4-byte sequences.
      if (c < 0x800) {
        buf[used++] = 0xc0 | (c >> 6);
        buf[used++] = 0x80 | (c & 63);
      } else if (c < 0x10000) {
        buf[used++] = 0xe0 | (c >> 12);
        buf[used++] = 0x80 | ((c >> 6) & 63);
        buf[used++] = 0x80 | (c & 63);
      } else {
        buf[used++] = 0xf0 | (c >> 18);
        buf[used++] = 0x80 | ((c >> 12) & 63);
        buf[used++] = 0x80 | ((c >> 6) & 63);
        buf[used++] = 0x80 | (c & 63);
      }
    }
    this.used = used;
    return this;
  }

  /** One byte (0..255). */
  byte(value: number): this {
    if (this.used >= BUFFER) this.flush();
    this.buf[this.used++] = value;
    return this;
  }

  /** A non-negative integer as an unsigned LEB128 varint (7 bits per byte, low bits first). */
  varint(value: number): this {
    while (value >= 0x80) {
      this.byte((value & 0x7f) | 0x80);
      value = Math.floor(value / 128);
    }
    return this.byte(value);
  }

  /** Lower-case hex digest; the hasher cannot be updated afterwards. */
  hex(): string {
    if (!this.finished) this.finish();
    let out = '';
    for (let i = 0; i < 8; i++) out += (this.h[i] >>> 0).toString(16).padStart(8, '0');
    return out;
  }

  private finish(): void {
    this.flush();
    // Pad the tail (< 64 bytes): 0x80, zeros, the message length in bits as 64-bit big-endian.
    const total = this.bytes + this.used;
    const bitsHigh = Math.floor((total * 8) / 0x100000000);
    const bitsLow = (total * 8) >>> 0;
    const end = this.used + 9 <= 64 ? 64 : 128;
    const buf = this.buf;
    buf[this.used] = 0x80;
    buf.fill(0, this.used + 1, end);
    for (let i = 0; i < 4; i++) {
      buf[end - 8 + i] = (bitsHigh >>> (24 - 8 * i)) & 255;
      buf[end - 4 + i] = (bitsLow >>> (24 - 8 * i)) & 255;
    }
    this.compress(end);
    this.finished = true;
  }

  /** Compress the whole blocks of buf[0 .. used) and move the rest to the front. */
  private flush(): void {
    const whole = this.used - (this.used % 64);
    if (whole === 0) return;
    this.compress(whole);
    this.bytes += whole;
    this.buf.copyWithin(0, whole, this.used);
    this.used -= whole;
  }

  /** Compress buf[0 .. n), n a multiple of 64. */
  private compress(n: number): void {
    const w = this.w;
    const b = this.buf;
    const h = this.h;
    const blocks = Math.floor(n / 64);
    let h0 = h[0];
    let h1 = h[1];
    let h2 = h[2];
    let h3 = h[3];
    let h4 = h[4];
    let h5 = h[5];
    let h6 = h[6];
    let h7 = h[7];
    for (let blk = 0; blk < blocks; blk++) {
      const off = blk * 64;
      for (let i = 0; i < 16; i++) {
        const j = off + i * 4;
        w[i] = (b[j] << 24) | (b[j + 1] << 16) | (b[j + 2] << 8) | b[j + 3];
      }
      for (let i = 16; i < 64; i++) {
        const x = w[i - 15];
        const y = w[i - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      let a = h0;
      let bb = h1;
      let c = h2;
      let d = h3;
      let e = h4;
      let f = h5;
      let g = h6;
      let hh = h7;
      for (let i = 0; i < 64; i++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const ch = (e & f) ^ (~e & g);
        const t1 = (hh + S1 + ch + K[i] + w[i]) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const maj = (a & bb) ^ (a & c) ^ (bb & c);
        const t2 = (S0 + maj) | 0;
        hh = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = bb;
        bb = a;
        a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0;
      h1 = (h1 + bb) | 0;
      h2 = (h2 + c) | 0;
      h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0;
      h5 = (h5 + f) | 0;
      h6 = (h6 + g) | 0;
      h7 = (h7 + hh) | 0;
    }
    h[0] = h0;
    h[1] = h1;
    h[2] = h2;
    h[3] = h3;
    h[4] = h4;
    h[5] = h5;
    h[6] = h6;
    h[7] = h7;
  }
}

export function sha256Hex(text: string): string {
  return new Sha256().update(text).hex();
}
