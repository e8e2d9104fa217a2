// Raw little-endian NumPy bytes → integer label ids: a zero-copy view where the dtype allows,
// exact ids (or a LabelDecodeError) where it does not. Never a silent truncation.
import { LabelDecodeError } from './decode-error.ts';
import type { Shape3 } from './label-volume.ts';

/** The NumPy dtype names a preview may carry (the protocol's zod schema is built from this list). */
export const DTYPES = ['bool', 'uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64', 'float32', 'float64'] as const;

export type Dtype = (typeof DTYPES)[number];

/** Bytes per voxel; a preview payload decodes to `voxels × ITEMSIZE[dtype]` bytes. */
export const ITEMSIZE: Readonly<Record<Dtype, number>> = {
  bool: 1,
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  uint64: 8,
  int64: 8,
  float32: 4,
  float64: 8,
};

/** Integer label ids, one per voxel. Float64Array only when an id does not fit 32 bits (always exact). */
export type LabelIds = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float64Array;

/** The largest |id| representable exactly in a JavaScript number is 2^53. */
const MAX_EXACT_ID = 2 ** 53;
const TWO_POW_32 = 2 ** 32;
// Every platform this runs on (x86, ARM) is little-endian; the swap path keeps a big-endian one correct anyway.
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Number of voxels of a shape; may exceed 2⁵³ for a hostile header (then it is not a safe integer). */
export function voxelCount(shape: readonly number[]): number {
  return shape.reduce((count, axis) => count * axis, 1);
}

/** Byte length a payload of this shape and dtype must have. */
export function payloadByteLength(shape: readonly number[], dtype: Dtype): number {
  return voxelCount(shape) * ITEMSIZE[dtype];
}

export function lengthMismatch(actual: number, shape: Shape3, dtype: Dtype): LabelDecodeError {
  const need = payloadByteLength(shape, dtype);
  return new LabelDecodeError('length', `Preview payload has ${actual} bytes but shape [${shape.join(',')}] × ${dtype} needs ${need}.`);
}

/** Label ids of a [z, y, x] payload (see labelIdsOf). */
export function toLabelIds(bytes: Uint8Array, dtype: Dtype, shape: Shape3): LabelIds {
  return labelIdsOf(bytes, dtype, shape).ids;
}

/**
 * Label ids of a [z, y, x] payload, and whether any float value had to be rounded to become one.
 * `dtype` is a Dtype by type: the protocol's schema admitted it (it is built from DTYPES), so an unknown
 * name never gets this far.
 * uint8/int8/uint16/int16/uint32/int32 are views of `bytes` (copied only when the byte offset is misaligned); bool is 0/1; floats are rounded half to even (NaN → 0, ±Infinity → error);
 * floats and 64-bit ints come back in the narrowest array that holds every id exactly.
 */
export function labelIdsOf(bytes: Uint8Array, dtype: Dtype, shape: Shape3): { ids: LabelIds; rounded: boolean } {
  if (dtype === 'float32' || dtype === 'float64') {
    if (bytes.byteLength !== payloadByteLength(shape, dtype)) throw lengthMismatch(bytes.byteLength, shape, dtype);
    const { buffer, byteOffset } = littleEndianAligned(bytes, ITEMSIZE[dtype]);
    const count = voxelCount(shape);
    return roundedIds(dtype === 'float32' ? new Float32Array(buffer, byteOffset, count) : new Float64Array(buffer, byteOffset, count));
  }
  return { ids: integerIds(bytes, dtype, shape), rounded: false };
}

function integerIds(bytes: Uint8Array, dtype: Exclude<Dtype, 'float32' | 'float64'>, shape: Shape3): LabelIds {
  if (bytes.byteLength !== payloadByteLength(shape, dtype)) throw lengthMismatch(bytes.byteLength, shape, dtype);
  const count = voxelCount(shape);
  switch (dtype) {
    case 'bool':
      return boolIds(bytes);
    case 'uint8':
      return new Uint8Array(bytes.buffer, bytes.byteOffset, count); // a plain Uint8Array even if bytes is a Buffer
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset, count);
    case 'uint16': {
      const { buffer, byteOffset } = littleEndianAligned(bytes, 2);
      return new Uint16Array(buffer, byteOffset, count);
    }
    case 'int16': {
      const { buffer, byteOffset } = littleEndianAligned(bytes, 2);
      return new Int16Array(buffer, byteOffset, count);
    }
    case 'uint32': {
      const { buffer, byteOffset } = littleEndianAligned(bytes, 4);
      return new Uint32Array(buffer, byteOffset, count);
    }
    case 'int32': {
      const { buffer, byteOffset } = littleEndianAligned(bytes, 4);
      return new Int32Array(buffer, byteOffset, count);
    }
    case 'uint64':
    case 'int64': {
      // Read as (lo, hi) 32-bit word pairs: exact integer arithmetic, no BigInt per voxel.
      const { buffer, byteOffset } = littleEndianAligned(bytes, 8);
      return wideIds(new Uint32Array(buffer, byteOffset, count * 2), dtype === 'int64', bytes);
    }
  }
}

/** numpy bool is one byte 0/1; anything non-zero is true. The view is kept when it is already 0/1. */
function boolIds(bytes: Uint8Array): Uint8Array {
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  while (i < view.length && view[i]! <= 1) i++;
  if (i === view.length) return view;
  const out = view.slice();
  for (; i < out.length; i++) out[i] = out[i] === 0 ? 0 : 1;
  return out;
}

/** A buffer + offset where typed arrays of `itemSize` may be laid in host byte order. */
function littleEndianAligned(bytes: Uint8Array, itemSize: number): { buffer: ArrayBufferLike; byteOffset: number } {
  if (bytes.byteOffset % itemSize === 0 && LITTLE_ENDIAN) return { buffer: bytes.buffer, byteOffset: bytes.byteOffset };
  const copy = bytes.slice();
  if (!LITTLE_ENDIAN) {
    for (let start = 0; start < copy.length; start += itemSize) copy.subarray(start, start + itemSize).reverse();
  }
  return { buffer: copy.buffer, byteOffset: 0 };
}

/**
 * The nearest integer, halves to the even one (2.5 → 2, 3.5 → 4, -1.5 → -2): what NumPy's `round` and
 * `rint` do, so a server's `np.round(probabilities)` and this widget agree on every voxel.
 */
export function roundHalfToEven(value: number): number {
  const up = Math.round(value); // halves go toward +∞
  return up - value === 0.5 && up % 2 !== 0 ? up - 1 : up;
}

/**
 * Float labels rounded half to even per voxel; NaN → background 0; ±Infinity or |id| > 2^53 → error.
 * `rounded` says whether any value was not already a whole number (a probability map, not a mask).
 */
function roundedIds(values: Float32Array | Float64Array): { ids: LabelIds; rounded: boolean } {
  let min = 0;
  let max = 0;
  let rounded = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const id = roundHalfToEven(value) || 0; // `|| 0` maps NaN and -0 to 0
    if (id !== value && value === value) rounded = true;
    if (id < min) min = id;
    else if (id > max) max = id;
  }
  if (!(min >= -MAX_EXACT_ID && max <= MAX_EXACT_ID)) {
    const at = values.findIndex((v) => !(Math.abs(Math.round(v) || 0) <= MAX_EXACT_ID));
    const value = values[at]!;
    throw new LabelDecodeError('labels', Number.isFinite(value)
      ? `Preview label id ${Math.round(value)} at voxel ${at} exceeds 2^53 and cannot be shown exactly.`
      : `Preview value ${value} at voxel ${at} is not a label id.`);
  }
  const out = allocateIds(values.length, min, max);
  if (rounded) for (let i = 0; i < values.length; i++) out[i] = roundHalfToEven(values[i]!) || 0;
  else for (let i = 0; i < values.length; i++) out[i] = values[i]! || 0;
  return { ids: out, rounded };
}

/** 64-bit ids from little-endian (lo, hi) word pairs; any |id| > 2^53 is an error, never rounded. */
function wideIds(words: Uint32Array, signed: boolean, bytes: Uint8Array): LabelIds {
  const count = words.length / 2;
  let min = 0;
  let max = 0;
  for (let i = 0; i < count; i++) {
    const lo = words[2 * i]!;
    const hi = signed ? words[2 * i + 1]! | 0 : words[2 * i + 1]!;
    // |id| ≤ 2^53 ⟺ hi in [-2^21, 2^21] and, at hi = 2^21, lo = 0. Within that, hi·2^32 + lo is exact.
    if (hi > 0x200000 || (hi === 0x200000 && lo !== 0) || hi < -0x200000) {
      const exact = new DataView(bytes.buffer, bytes.byteOffset + 8 * i, 8);
      const id = signed ? exact.getBigInt64(0, true) : exact.getBigUint64(0, true);
      throw new LabelDecodeError('labels', `Preview label id ${id} at voxel ${i} exceeds 2^53 and cannot be shown exactly.`);
    }
    const id = hi * TWO_POW_32 + lo;
    if (id < min) min = id;
    else if (id > max) max = id;
  }
  const out = allocateIds(count, min, max);
  for (let i = 0; i < count; i++) {
    const hi = signed ? words[2 * i + 1]! | 0 : words[2 * i + 1]!;
    out[i] = hi * TWO_POW_32 + words[2 * i]!;
  }
  return out;
}

/** The narrowest id array for ids in [min, max]: small arrays keep the downstream lookup-table paths. */
function allocateIds(length: number, min: number, max: number): LabelIds {
  if (min >= 0 && max <= 0xff) return new Uint8Array(length);
  if (min >= 0 && max <= 0xffff) return new Uint16Array(length);
  if (min >= 0 && max < TWO_POW_32) return new Uint32Array(length);
  if (min >= -(2 ** 31) && max < 2 ** 31) return new Int32Array(length);
  return new Float64Array(length);
}
