/**
 * Little binary writer and reader for the index files. The reader checks every count and length
 * against the bytes that are left before it allocates or reads, so a truncated or hand-crafted
 * file gives an IndexDamage, never a huge allocation or a read past the end. Numbers are stored
 * little-endian, as the machines Citebot runs on (x86-64, arm64) hold them: typed arrays are
 * copied out of the file as they are.
 */
import { IndexDamage } from "../index-damage.js";

/** A growing byte buffer: written in one piece at the end, so no big structure is ever turned into JSON. */
export class ByteWriter {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Pads with zeroes to a multiple of four, so the arrays that follow are read with aligned copies. */
  private align(): void {
    const pad = (4 - (this.length % 4)) % 4;
    this.reserve(pad);
    this.bytes.fill(0, this.length, this.length + pad);
    this.length += pad;
  }

  u32(value: number): void {
    this.array(Uint32Array.of(value));
  }

  f64(value: number): void {
    this.array(Float64Array.of(value));
  }

  /** A typed array's bytes, aligned to four. */
  array(values: Uint32Array | Int32Array | Uint16Array | Float64Array): void {
    this.raw(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }

  /** Bytes as they are, then padding to four. */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
    this.align();
  }

  /** An unsigned integer below 2^32 in 7-bit groups, low group first (no padding: a run of varints is padded where `raw` writes it into the file). */
  varint(value: number): void {
    this.reserve(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }

  /** The bytes written so far. */
  get size(): number {
    return this.length;
  }

  /** The bytes written, as a Buffer that shares their memory. */
  finish(): Buffer {
    return Buffer.from(this.bytes.buffer, 0, this.length);
  }
}

/** Reads what ByteWriter wrote, checking every length against the bytes left; `file` names the file in IndexDamage. */
export class ByteReader {
  private offset = 0;

  constructor(
    private readonly bytes: Buffer,
    readonly file: string,
  ) {}

  fail(problem: string): IndexDamage {
    return new IndexDamage(this.file, problem);
  }

  private take(byteLength: number, what: string): number {
    const at = this.offset;
    if (byteLength > this.bytes.length - at)
      throw this.fail(`${what} needs ${byteLength} bytes at byte ${at}, but the file ends at ${this.bytes.length}`);
    this.offset = at + byteLength + ((4 - (byteLength % 4)) % 4);
    return at;
  }

  /** A byte copy: aligned for the typed array whatever the Buffer's offset in its memory. */
  private copy(count: number, bytesEach: number, what: string): ArrayBuffer {
    const at = this.take(count * bytesEach, what);
    const out = new Uint8Array(count * bytesEach);
    out.set(this.bytes.subarray(at, at + count * bytesEach));
    return out.buffer;
  }

  u32(what: string): number {
    return this.bytes.readUInt32LE(this.take(4, what));
  }

  f64(what: string): number {
    return this.bytes.readDoubleLE(this.take(8, what));
  }

  u32s(count: number, what: string): Uint32Array {
    return new Uint32Array(this.copy(count, 4, what));
  }

  i32s(count: number, what: string): Int32Array {
    return new Int32Array(this.copy(count, 4, what));
  }

  /** `byteLength` bytes as a view of the file (no copy). */
  raw(byteLength: number, what: string): Buffer {
    const at = this.take(byteLength, what);
    return this.bytes.subarray(at, at + byteLength);
  }

  /** Throws unless every byte was read: trailing bytes mean the counts and the file disagree. */
  done(): void {
    if (this.offset !== this.bytes.length) throw this.fail(`holds ${this.bytes.length} bytes, its counts say ${this.offset}`);
  }
}

/**
 * Decodes exactly `out.length` varints of at most `max` from `bytes` into `out`, in one tight
 * loop (a library has millions). Throws IndexDamage for a varint that runs past the end, does not
 * fit in 32 bits or is over `max`, and for bytes left over: the section and its count disagree.
 */
export function decodeVarints(bytes: Uint8Array, out: Uint32Array, max: number, file: string): void {
  const end = bytes.length;
  let p = 0;
  for (let i = 0; i < out.length; i++) {
    if (p >= end) throw new IndexDamage(file, `a section holds ${i} numbers, not ${out.length}`);
    let byte = bytes[p++] as number;
    let value = byte;
    if (byte >= 0x80) {
      value = byte & 0x7f;
      let scale = 0x80;
      do {
        if (p >= end) throw new IndexDamage(file, "a number runs past the end of its section");
        byte = bytes[p++] as number;
        if (scale === 0x10000000 && byte > 0x0f) throw new IndexDamage(file, "a number does not fit in 32 bits");
        value += (byte & 0x7f) * scale;
        scale *= 0x80;
      } while (byte >= 0x80);
    }
    if (value > max) throw new IndexDamage(file, `a number is ${value}, over ${max}`);
    out[i] = value;
  }
  if (p !== end) throw new IndexDamage(file, `a section holds more than its ${out.length} numbers`);
}
