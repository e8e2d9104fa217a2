// Shrinks a label volume to a voxel budget by one integer factor on every axis, keeping each block's
// largest label id: labels stay exact (never averaged), a block shows a label if any of its voxels has one.
import { LITTLE_ENDIAN, voxelCount, type LabelIds } from './dtype.ts';
import type { Shape3 } from './label-volume.ts';
import type { ScratchMemory } from './scratch-memory.ts';

export interface DownsampledLabels {
  ids: LabelIds;
  shape: Shape3;
  /** Voxels per output voxel along each axis (1 = unchanged). */
  factor: number;
}

/** Output shape for factor f: ceil(n / f) per axis (edge blocks may be partial). */
export function downsampledShape(shape: Shape3, factor: number): Shape3 {
  return [Math.ceil(shape[0] / factor), Math.ceil(shape[1] / factor), Math.ceil(shape[2] / factor)];
}

/** The smallest integer f with ceil(z/f)·ceil(y/f)·ceil(x/f) ≤ maxVoxels. */
export function downsampleFactor(shape: Shape3, maxVoxels: number): number {
  if (!(maxVoxels >= 1)) throw new RangeError(`maxVoxels must be at least 1, got ${maxVoxels}.`);
  const total = voxelCount(shape);
  // ceil(n/f) ≥ n/f, so no f below cbrt(total / maxVoxels) can fit: start the search there.
  let factor = Math.max(1, Math.floor(Math.cbrt(total / maxVoxels)));
  for (;;) {
    const [z, y, x] = downsampledShape(shape, factor);
    if (z * y * x <= maxVoxels) return factor;
    factor++;
  }
}

/**
 * Max-downsamples to at most maxVoxels voxels. With factor 1 the input array itself is returned. With
 * `scratch`, the output is a view of its downsampled buffer (valid until its next use).
 */
export function downsampleLabels(ids: LabelIds, shape: Shape3, maxVoxels: number, scratch?: ScratchMemory): DownsampledLabels {
  const factor = downsampleFactor(shape, maxVoxels);
  if (factor === 1) return { ids, shape, factor };
  const outShape = downsampledShape(shape, factor);
  const out = allocateLike(ids, outShape[0] * outShape[1] * outShape[2], scratch);
  maxPool(ids, shape, out, outShape, factor);
  return { ids: out, shape: outShape, factor };
}

/** Max-pools by `factor` on every axis (the same pooling as downsampleLabels, at a factor of your choice). */
export function poolLabels<T extends LabelIds>(ids: T, shape: Shape3, factor: number): { ids: T; shape: Shape3 } {
  if (factor === 1) return { ids, shape };
  const outShape = downsampledShape(shape, factor);
  const out = allocateLike(ids, outShape[0] * outShape[1] * outShape[2]) as T;
  maxPool(ids, shape, out, outShape, factor);
  return { ids: out, shape: outShape };
}

function maxPool(ids: LabelIds, shape: Shape3, out: LabelIds, outShape: Shape3, f: number): void {
  if (f === 2 && shape.every((n) => n % 2 === 0)) maxPoolBy2(ids, shape, out);
  else maxPoolBlocks(ids, shape, out, outShape, f);
}

/**
 * Any factor, any shape. Row by row: each input row's x-blocks are reduced to their max and folded
 * into the output row, so the input is read once, in memory order. Exported for tests: the reference
 * the factor-2 path must agree with.
 */
export function maxPoolBlocks(ids: LabelIds, [nz, ny, nx]: Shape3, out: LabelIds, [mz, my, mx]: Shape3, f: number): void {
  for (let oz = 0; oz < mz; oz++) {
    const zEnd = Math.min(nz, oz * f + f);
    for (let oy = 0; oy < my; oy++) {
      const yEnd = Math.min(ny, oy * f + f);
      const outRow = (oz * my + oy) * mx;
      let first = true;
      for (let z = oz * f; z < zEnd; z++) {
        for (let y = oy * f; y < yEnd; y++) {
          const inRow = (z * ny + y) * nx;
          for (let ox = 0; ox < mx; ox++) {
            const start = inRow + ox * f;
            const end = inRow + Math.min(nx, ox * f + f);
            let m = ids[start]!;
            for (let i = start + 1; i < end; i++) {
              const v = ids[i]!;
              if (v > m) m = v;
            }
            if (first || m > out[outRow + ox]!) out[outRow + ox] = m;
          }
          first = false;
        }
      }
    }
  }
}

/**
 * Factor 2 on even axes (256³ → 128³, the common case): each output voxel is the max of its 2×2×2
 * block, read from four input rows at once. Labels come in long runs, mostly background: for uint8
 * rows read 4 voxels a word, a group whose four row words are one repeated pair of values (2 output
 * voxels) is written without comparing voxels.
 */
function maxPoolBy2(ids: LabelIds, [nz, ny, nx]: Shape3, out: LabelIds): void {
  const words = LITTLE_ENDIAN && ids instanceof Uint8Array && nx % 4 === 0 && ids.byteOffset % 4 === 0 ? new Uint32Array(ids.buffer, ids.byteOffset, ids.length / 4) : undefined;
  const slab = ny * nx;
  let o = 0;
  for (let z = 0; z < nz; z += 2) {
    for (let y = 0; y < ny; y += 2) {
      const r0 = z * slab + y * nx;
      const r1 = r0 + nx;
      const r2 = r0 + slab;
      const r3 = r2 + nx;
      if (!words) {
        for (let x = 0; x < nx; x += 2) out[o++] = blockMax(ids, r0 + x, r1 + x, r2 + x, r3 + x);
        continue;
      }
      // A word at a time (4 voxels, 2 blocks), by word index: no division or remainder per voxel.
      const w0 = r0 >> 2;
      const w1 = r1 >> 2;
      const w2 = r2 >> 2;
      const w3 = r3 >> 2;
      for (let k = 0, end = nx >> 2; k < end; k++) {
        const w = words[w0 + k]!;
        // Bytes 0 = 1 and 2 = 3, in all four rows: the two blocks are uniform.
        if (((w ^ (w >>> 8)) & 0x00ff00ff) === 0 && w === words[w1 + k] && w === words[w2 + k] && w === words[w3 + k]) {
          out[o++] = w & 0xff;
          out[o++] = (w >>> 16) & 0xff;
          continue;
        }
        const x = k << 2;
        out[o++] = blockMax(ids, r0 + x, r1 + x, r2 + x, r3 + x);
        out[o++] = blockMax(ids, r0 + x + 2, r1 + x + 2, r2 + x + 2, r3 + x + 2);
      }
    }
  }
}

/** The largest of the 2×2×2 block whose four rows start at a, b, c and d. */
function blockMax(ids: LabelIds, a: number, b: number, c: number, d: number): number {
  let m = ids[a]!;
  let v = ids[a + 1]!;
  if (v > m) m = v;
  v = ids[b]!;
  if (v > m) m = v;
  v = ids[b + 1]!;
  if (v > m) m = v;
  v = ids[c]!;
  if (v > m) m = v;
  v = ids[c + 1]!;
  if (v > m) m = v;
  v = ids[d]!;
  if (v > m) m = v;
  v = ids[d + 1]!;
  if (v > m) m = v;
  return m;
}

/** An array of the same kind as `ids`: a view of the scratch's downsampled buffer, or new. */
function allocateLike(ids: LabelIds, length: number, scratch?: ScratchMemory): LabelIds {
  const kind = kindOf(ids);
  if (!scratch) return new kind(length);
  return new kind(scratch.buffer('downsampled', length * kind.BYTES_PER_ELEMENT), 0, length);
}

/** By kind, not ids.constructor: a Node Buffer is a Uint8Array whose constructor must not be called. */
function kindOf(ids: LabelIds) {
  if (ids instanceof Uint8Array) return Uint8Array;
  if (ids instanceof Int8Array) return Int8Array;
  if (ids instanceof Uint16Array) return Uint16Array;
  if (ids instanceof Int16Array) return Int16Array;
  if (ids instanceof Uint32Array) return Uint32Array;
  if (ids instanceof Int32Array) return Int32Array;
  return Float64Array;
}
