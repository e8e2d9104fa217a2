// The fixed colours of the region overlays, one per region code (code 1 first): the change view's
// added and removed voxels, and a comparison's voxels of A only, B only and both. Chosen apart from each
// other and from the dimmed job colours under them. Pure data.
import type { Rgba } from './colormap.ts';

/** CHANGE_CODE order (label-changes.ts): added, removed. */
export const CHANGE_COLORS: readonly Rgba[] = [
  [0.2, 0.9, 0.35, 1],
  [1, 0.2, 0.25, 1],
];

/** COMPARE_CODE order (label-compare.ts): A only, B only, both. */
export const COMPARE_COLORS: readonly Rgba[] = [
  [1, 0.3, 0.85, 1],
  [0.15, 0.8, 1, 1],
  [1, 0.85, 0.1, 1],
];

/** Opacity factor of a job's own layer while its change view is shown: unchanged voxels dimmed. */
export const CHANGE_VIEW_DIM = 0.3;
