// @ts-check
// Turns label ids into the bytes a preview carries: NumPy dtype layout (little-endian), optional zlib
// compression, and the binary WebSocket frame (4-byte LE header length, JSON header, raw bytes).
import { deflateSync, gzipSync } from 'node:zlib';

/** Every dtype of PROTOCOL.md, with its item size and the largest label id it can hold. */
export const DTYPES = Object.freeze({
  bool: { itemsize: 1, maxLabel: Infinity },
  uint8: { itemsize: 1, maxLabel: 0xff },
  int8: { itemsize: 1, maxLabel: 0x7f },
  uint16: { itemsize: 2, maxLabel: 0xffff },
  int16: { itemsize: 2, maxLabel: 0x7fff },
  uint32: { itemsize: 4, maxLabel: 0xffffffff },
  int32: { itemsize: 4, maxLabel: 0x7fffffff },
  uint64: { itemsize: 8, maxLabel: 0xffffffff },
  int64: { itemsize: 8, maxLabel: 0xffffffff },
  float32: { itemsize: 4, maxLabel: 1 << 24 },
  float64: { itemsize: 8, maxLabel: 0xffffffff },
});

/** @typedef {keyof typeof DTYPES} Dtype */
/** @typedef {'none' | 'gzip' | 'deflate'} Compression */

const ARRAY_TYPES = {
  uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array, uint32: Uint32Array,
  int32: Int32Array, float32: Float32Array, float64: Float64Array,
};

/**
 * The raw bytes of `ids` as a NumPy array of `dtype` would hold them (a bool is 1 wherever a label is).
 * @param {Uint32Array} ids
 * @param {Dtype} dtype
 * @returns {Buffer}
 */
export function labelBytes(ids, dtype) {
  if (dtype === 'bool') {
    const out = new Uint8Array(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = ids[i] ? 1 : 0;
    return toBuffer(out);
  }
  if (dtype === 'uint64' || dtype === 'int64') {
    // Ids fit in 32 bits, so each 64-bit item is (id, 0) as two little-endian words: no BigInt per voxel.
    const words = new Uint32Array(ids.length * 2);
    for (let i = 0; i < ids.length; i++) words[2 * i] = /** @type {number} */ (ids[i]);
    return toBuffer(words);
  }
  const out = new ARRAY_TYPES[dtype](ids.length);
  out.set(ids);
  return toBuffer(out);
}

/**
 * Compresses with zlib at level 1: a preview is mostly runs of zeros, so speed matters more than ratio.
 * `deflate` is the zlib-wrapped stream (what `DecompressionStream('deflate')` reads).
 * @param {Buffer} bytes
 * @param {Compression} compression
 * @returns {Buffer}
 */
export function compressBytes(bytes, compression) {
  if (compression === 'gzip') return gzipSync(bytes, { level: 1 });
  if (compression === 'deflate') return deflateSync(bytes, { level: 1 });
  return bytes;
}

/**
 * One binary WebSocket message: 4-byte little-endian header length N, N bytes of UTF-8 JSON, raw bytes.
 * @param {string} headerJson
 * @param {Uint8Array} bytes
 */
export function binaryPreviewFrame(headerJson, bytes) {
  const header = Buffer.from(headerJson, 'utf8');
  const frame = Buffer.allocUnsafe(4 + header.length + bytes.length);
  frame.writeUInt32LE(header.length, 0);
  header.copy(frame, 4);
  frame.set(bytes, 4 + header.length);
  return frame;
}

/** @param {ArrayBufferView} view */
function toBuffer(view) {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}
