// Region codes: one byte per voxel saying which region of an overlay it is in — what a preview added
// or removed (label-changes.ts), or which of two jobs labels it (label-compare.ts). They are computed a
// slab of z planes per step (generators that yield between slabs), so the main thread can spend them
// inside the frame queue's budget, never as one long task; `drain` runs one to its end. Pure.
import { axisMaps, sameGrid, type LabelGrid } from './label-grid.ts';
import type { DenseLabels } from './label-volume.ts';

/** A code per voxel of `grid` (0: in no region). */
export interface RegionVolume {
  codes: Uint8Array;
  grid: LabelGrid;
}

/** Voxels per step: ≈ 0.3–1 ms of work on this project's machines. */
export const REGION_SLAB_VOXELS = 1 << 17;

/** A stepped computation: yields between slabs, returns its result. */
export type Stepped<T> = Generator<void, T, void>;

/** Runs a stepped computation to its end (in a worker, or in a test). */
export function drain<T>(steps: Stepped<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** z planes per step on a grid of this shape: at least one. */
export function slabPlanes([, ny, nx]: LabelGrid['shape'], slabVoxels = REGION_SLAB_VOXELS): number {
  return Math.max(1, Math.floor(slabVoxels / (ny * nx)));
}

/**
 * Reads `labels` (on `from`) as seen on `to`, z planes [z0, z1) of `to` at a time: the nearest voxel
 * centre, 0 outside (label-grid.ts). On the same grid a view, else a scratch array reused by the next call.
 */
export function slabReader(labels: DenseLabels, from: LabelGrid, to: LabelGrid): (z0: number, z1: number) => ArrayLike<number> {
  const [, ny, nx] = to.shape;
  if (sameGrid(from, to)) return (z0, z1) => labels.subarray(z0 * ny * nx, z1 * ny * nx);
  const { zs, ys, xs } = axisMaps(from, to);
  const [, fy, fx] = from.shape;
  let scratch = new Uint16Array(0);
  return (z0, z1) => {
    const length = (z1 - z0) * ny * nx;
    if (scratch.length < length) scratch = new Uint16Array(length);
    let at = 0;
    for (let z = z0; z < z1; z++) {
      for (let y = 0; y < ny; y++) {
        const zz = zs[z]!;
        const yy = ys[y]!;
        if (zz < 0 || yy < 0) {
          scratch.fill(0, at, at + nx);
          at += nx;
          continue;
        }
        const row = (zz * fy + yy) * fx;
        for (let x = 0; x < nx; x++) scratch[at++] = xs[x]! < 0 ? 0 : labels[row + xs[x]!]!;
      }
    }
    return scratch.subarray(0, length);
  };
}
