// Two jobs' segmentations compared voxel by voxel (`compare="jobA jobB"`): which voxels only A labels,
// only B, and both, and the Dice coefficient of the two foregrounds. Labels are compared as foreground
// (any label) against background: two models number their instances independently. When the grids
// differ the coarser volume is resampled onto the finer grid (nearest voxel centre, in world
// coordinates: label-grid.ts), so the counts are in voxels of that grid.
import { resampleLabels, sameGrid, type LabelGrid } from './label-grid.ts';
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

export function compareLabels(a: PlacedForeground, b: PlacedForeground): LabelComparison {
  const grid = sharedGrid(a.grid, b.grid);
  const left = sameGrid(a.grid, grid) ? a.labels : resampleLabels(a.labels, a.grid, grid);
  const right = sameGrid(b.grid, grid) ? b.labels : resampleLabels(b.labels, b.grid, grid);
  let aOnly = 0;
  let bOnly = 0;
  let both = 0;
  for (let i = 0; i < left.length; i++) {
    const inA = left[i] !== 0;
    const inB = right[i] !== 0;
    if (inA && inB) both++;
    else if (inA) aOnly++;
    else if (inB) bOnly++;
  }
  const labelled = aOnly + bOnly + 2 * both;
  return { aOnly, bOnly, both, dice: labelled === 0 ? 1 : (2 * both) / labelled, shape: [...grid.shape] };
}
