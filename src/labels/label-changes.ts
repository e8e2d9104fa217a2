// What a preview changed against its job's previous one, in voxels: added (labelled now, and not with this
// label before) and removed (labelled before, and not with that label now). A voxel that went from one
// label to another is both. Labels are compared by their original ids, so a recycled dense index (see
// dense-labels.ts) never hides a change; a previous preview on another grid is resampled onto this one.
// The counts (the worker's, for `job-preview`) and the change view's colours (the main thread's, a slab
// per frame-queue step) come from the one stepped pass below, so they cannot disagree.
import { drain, slabPlanes, slabReader, type RegionVolume, type Stepped } from './label-regions.ts';
import { pairedWords } from './background-words.ts';
import { sameGrid, type LabelGrid } from './label-grid.ts';
import type { DenseLabels } from './label-volume.ts';

/** Voxel counts of a preview's change; plain data (it travels in `job-preview`). */
export interface LabelChanges {
  added: number;
  removed: number;
}

/** A preview's labels with what they mean: dense indices, their original ids, and their grid. */
export interface PlacedLabels {
  labels: DenseLabels;
  labelIds: ArrayLike<number>;
  grid: LabelGrid;
}

/** The change view's region codes: a voxel labelled now with another label than before (added, also when it was labelled), or labelled before and background now (removed). */
export const CHANGE_CODE = { added: 1, removed: 2 } as const;

/** `previous` null (a job's first preview): every labelled voxel is added. */
export function labelChanges(previous: PlacedLabels | null, next: PlacedLabels): LabelChanges {
  return drain(changeRegions(previous, next, false)).changes;
}

/** The change's counts and, with `withCodes`, its region codes on `next`'s grid (CHANGE_CODE), a slab per step. */
export function* changeRegions(previous: PlacedLabels | null, next: PlacedLabels, withCodes = true): Stepped<{ changes: LabelChanges; region: RegionVolume | null }> {
  const { grid } = next;
  const [nz, ny, nx] = grid.shape;
  const codes = withCodes ? new Uint8Array(nz * ny * nx) : null;
  const before = previous && slabReader(previous.labels, previous.grid, grid);
  // previous dense index → next dense index of the same original id; -1: the id is not in `next`.
  const nextIndexOf = new Map<number, number>();
  for (let i = 0; i < next.labelIds.length; i++) nextIndexOf.set(next.labelIds[i]!, i);
  const translate = Int32Array.from({ length: previous?.labelIds.length ?? 0 }, (_, i) => nextIndexOf.get(previous!.labelIds[i]!) ?? -1);
  // Where each index means the same id in both (no index moved to another id) and both are on one grid,
  // an unchanged voxel holds the same index: words of voxels equal in both are passed over at once.
  const sameMeaning = previous !== null && sameGrid(previous.grid, grid) && translate.every((to, from) => to === from || (to === -1 && from >= next.labelIds.length));
  const planes = slabPlanes(grid.shape);
  const tally = { added: 0, removed: 0 };
  for (let z0 = 0; z0 < nz; z0 += planes) {
    const z1 = Math.min(nz, z0 + planes);
    const base = z0 * ny * nx;
    const now = next.labels.subarray(base, z1 * ny * nx);
    const was = before?.(z0, z1);
    const words = sameMeaning && was ? pairedWords(was, now, nx) : undefined;
    let from = 0;
    if (words) {
      const { perWord } = words;
      for (let w = 0; w < words.now.length; w++) {
        if (words.was[w] !== words.now[w]) tallyChanges(was!, now, translate, w * perWord, (w + 1) * perWord, tally, codes, base);
      }
      from = words.now.length * perWord;
    }
    tallyChanges(was, now, translate, from, now.length, tally, codes, base);
    if (z1 < nz) yield;
  }
  const { added, removed } = tally;
  return { changes: { added, removed }, region: codes && { codes, grid } };
}

/**
 * Counts voxels [from, to) of a slab: `was` (the previous labels on this grid, or none) against `now`,
 * a previous index read through `translate`; with `codes`, marks them at `base + i`.
 */
function tallyChanges(
  was: ArrayLike<number> | undefined,
  now: DenseLabels,
  translate: Int32Array,
  from: number,
  to: number,
  tally: LabelChanges,
  codes: Uint8Array | null,
  base: number,
): void {
  let added = 0;
  let removed = 0;
  for (let i = from; i < to; i++) {
    const old = was ? was[i]! : 0;
    const is = now[i]!;
    if (was ? translate[old] === is : is === 0) continue;
    if (is !== 0) added++;
    if (old !== 0) removed++;
    if (codes) codes[base + i] = is !== 0 ? CHANGE_CODE.added : CHANGE_CODE.removed;
  }
  tally.added += added;
  tally.removed += removed;
}
