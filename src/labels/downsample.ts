// Shrinks a label volume to a voxel budget by one integer factor on every axis, keeping each block's
// largest label id: labels stay exact (never averaged), a block shows a label if any of its voxels has one.
import { voxelCount, type LabelIds } from './dtype.ts';
import type { Shape3 } from './label-volume.ts';

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

/** Max-downsamples to at most maxVoxels voxels. With factor 1 the input array itself is returned. */
export function downsampleLabels(ids: LabelIds, shape: Shape3, maxVoxels: number): DownsampledLabels {
  const factor = downsampleFactor(shape, maxVoxels);
  if (factor === 1) return { ids, shape, factor };
  const outShape = downsampledShape(shape, factor);
  const out = allocateLike(ids, outShape[0] * outShape[1] * outShape[2]);
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

/**
 * Row by row: each input row's x-blocks are reduced to their max and folded into the output row, so the
 * input is read once, in memory order.
 */
function maxPool(ids: LabelIds, [nz, ny, nx]: Shape3, out: LabelIds, [mz, my, mx]: Shape3, f: number): void {
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

function allocateLike(ids: LabelIds, length: number): LabelIds {
  // By kind, not ids.constructor: a Node Buffer is a Uint8Array whose constructor must not be called.
  if (ids instanceof Uint8Array) return new Uint8Array(length);
  if (ids instanceof Int8Array) return new Int8Array(length);
  if (ids instanceof Uint16Array) return new Uint16Array(length);
  if (ids instanceof Int16Array) return new Int16Array(length);
  if (ids instanceof Uint32Array) return new Uint32Array(length);
  if (ids instanceof Int32Array) return new Int32Array(length);
  return new Float64Array(length);
}
