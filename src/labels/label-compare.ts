// Two jobs' segmentations compared voxel by voxel (`compare="jobA jobB"`): which voxels only A labels,
// only B, and both, and the Dice coefficient of the two foregrounds. Labels are compared as foreground
// (any label) against background: two models number their instances independently. When the grids
// differ the coarser volume is resampled onto the finer grid (nearest voxel centre, in world
// coordinates: label-grid.ts), so the counts are in voxels of that grid.
import type { LabelGrid } from './label-grid.ts';
import { drain, slabPlanes, slabReader, type RegionVolume, type Stepped } from './label-regions.ts';
import type { DenseLabels } from './label-volume.ts';

export interface PlacedForeground {
  labels: DenseLabels;
  grid: LabelGrid;
}

/** Plain data (it travels in `job-compare`). */
export interface LabelComparison {
  /** Voxels of the shared grid labelled by A and not B, by B and not A, by both. */
  aOnly: number;
  bOnly: number;
  both: number;
  /** 2·both / (A + B); 1 when neither labels anything (they agree). */
  dice: number;
  /** The shared grid the voxels are counted on, [z, y, x]. */
  shape: LabelGrid['shape'];
}

/** The finer of two grids (smaller voxels); A's when they are alike. */
export function sharedGrid(a: LabelGrid, b: LabelGrid): LabelGrid {
  const volume = (grid: LabelGrid) => grid.spacing[0] * grid.spacing[1] * grid.spacing[2];
  return volume(b) < volume(a) ? b : a;
}

/** The comparison's region codes (COMPARE_CODE), a slab per step (label-regions.ts). */
export const COMPARE_CODE = { aOnly: 1, bOnly: 2, both: 3 } as const;

export function compareLabels(a: PlacedForeground, b: PlacedForeground): LabelComparison {
  return drain(compareRegions(a, b, false)).figures;
}

/** The figures and, with `withCodes`, the region codes on the shared grid: A's foreground is bit 1, B's bit 2. */
export function* compareRegions(a: PlacedForeground, b: PlacedForeground, withCodes = true): Stepped<{ figures: LabelComparison; region: RegionVolume | null }> {
  const grid = sharedGrid(a.grid, b.grid);
  const [nz, ny, nx] = grid.shape;
  const codes = withCodes ? new Uint8Array(nz * ny * nx) : null;
  const readA = slabReader(a.labels, a.grid, grid);
  const readB = slabReader(b.labels, b.grid, grid);
  const planes = slabPlanes(grid.shape);
  const counts = [0, 0, 0, 0];
  for (let z0 = 0; z0 < nz; z0 += planes) {
    const z1 = Math.min(nz, z0 + planes);
    const left = readA(z0, z1);
    const right = readB(z0, z1);
    const base = z0 * ny * nx;
    for (let i = 0; i < left.length; i++) {
      const code = (left[i] !== 0 ? COMPARE_CODE.aOnly : 0) | (right[i] !== 0 ? COMPARE_CODE.bOnly : 0);
      counts[code]!++;
      if (codes) codes[base + i] = code;
    }
    if (z1 < nz) yield;
  }
  const [, aOnly, bOnly, both] = counts as [number, number, number, number];
  const labelled = aOnly + bOnly + 2 * both;
  const figures = { aOnly, bOnly, both, dice: labelled === 0 ? 1 : (2 * both) / labelled, shape: [...grid.shape] as LabelGrid['shape'] };
  return { figures, region: codes && { codes, grid } };
}
