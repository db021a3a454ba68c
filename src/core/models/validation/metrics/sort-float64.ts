import { endianness } from 'node:os';

const RADIX_FROM = 1 << 16;
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Sorts a Float64Array ascending in place, as `values.sort()` does (no NaN expected), by an LSD
 * radix sort on order-preserving integer keys: 32-bit keys when every value is a float32 (a model's
 * float outputs), else 64-bit ones. A pass is skipped when every key shares its digit. Several times
 * faster than the built-in sort on a million scores.
 */
export function sortFloat64(values: Float64Array): Float64Array {
  if (values.length < RADIX_FROM || !LITTLE_ENDIAN) return values.sort();
  return allFloat32(values) ? sortAsFloat32(values) : sortAsFloat64(values);
}

function allFloat32(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (Math.fround(values[i]!) !== values[i]) return false;
  return true;
}

/** Flips a float's bits so that unsigned integer order is numeric order: negatives all bits, the rest the sign bit. */
function key32(bits: number): number {
  return (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
}

function unkey32(key: number): number {
  return (key & 0x80000000 ? key & 0x7fffffff : ~key) >>> 0;
}

function sortAsFloat32(values: Float64Array): Float64Array {
  const n = values.length;
  const floats = Float32Array.from(values);
  let keys: Uint32Array = new Uint32Array(floats.buffer);
  const counts = new Uint32Array(3 << 11);
  for (let i = 0; i < n; i++) {
    const key = key32(keys[i]!);
    keys[i] = key;
    counts[key & 0x7ff]!++;
    counts[2048 + ((key >>> 11) & 0x7ff)]!++;
    counts[4096 + (key >>> 22)]!++;
  }
  let spare: Uint32Array = new Uint32Array(n);
  for (let pass = 0; pass < 3; pass++) {
    const base = pass << 11;
    if (!prefixSums(counts, base, 1 << 11, n)) continue;
    const shift = pass * 11;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      spare[counts[base + ((key >>> shift) & 0x7ff)]!++] = key;
    }
    const swap = keys;
    keys = spare;
    spare = swap;
  }
  const out = new Float32Array(keys.buffer);
  for (let i = 0; i < n; i++) keys[i] = unkey32(keys[i]!);
  values.set(out);
  return values;
}

/** Turns digit counts into start offsets; false when one digit holds every key (the pass would not move any). */
function prefixSums(counts: Uint32Array, base: number, size: number, n: number): boolean {
  let offset = 0;
  for (let d = base; d < base + size; d++) {
    const count = counts[d]!;
    if (count === n) return false;
    counts[d] = offset;
    offset += count;
  }
  return true;
}

/** The 11-bit digit at bit `shift` of the 64-bit key (hi, lo). */
function digit64(lo: number, hi: number, shift: number): number {
  if (shift >= 32) return (hi >>> (shift - 32)) & 0x7ff;
  if (shift + 11 <= 32) return (lo >>> shift) & 0x7ff;
  return ((lo >>> shift) | (hi << (32 - shift))) & 0x7ff;
}

function sortAsFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  let source: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const counts = new Uint32Array(6 << 11);
  for (let i = 0; i < 2 * n; i += 2) {
    const lo = source[i]!;
    const hi = source[i + 1]!;
    const negative = (hi & 0x80000000) !== 0;
    const kl = negative ? ~lo >>> 0 : lo;
    const kh = negative ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
    source[i] = kl;
    source[i + 1] = kh;
    for (let pass = 0; pass < 6; pass++) counts[(pass << 11) + digit64(kl, kh, pass * 11)]!++;
  }
  let target: Uint32Array = new Uint32Array(n * 2);
  for (let pass = 0; pass < 6; pass++) {
    const base = pass << 11;
    if (!prefixSums(counts, base, 1 << 11, n)) continue;
    const shift = pass * 11;
    for (let i = 0; i < 2 * n; i += 2) {
      const slot = 2 * counts[base + digit64(source[i]!, source[i + 1]!, shift)]!++;
      target[slot] = source[i]!;
      target[slot + 1] = source[i + 1]!;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  const out = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  for (let i = 0; i < 2 * n; i += 2) {
    const lo = source[i]!;
    const hi = source[i + 1]!;
    const negative = (hi & 0x80000000) === 0;
    out[i] = negative ? ~lo >>> 0 : lo;
    out[i + 1] = negative ? ~hi >>> 0 : (hi & 0x7fffffff) >>> 0;
  }
  return values;
}
