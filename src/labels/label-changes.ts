// What a preview changed against its job's previous one, in voxels: added (labelled now, and not with this
// label before) and removed (labelled before, and not with that label now). A voxel that went from one
// label to another is both. Labels are compared by their original ids, so a recycled dense index (see
// dense-labels.ts) never hides a change; a previous preview on another grid is resampled onto this one.
import { resampleLabels, type LabelGrid } from './label-grid.ts';
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

/** `previous` null (a job's first preview): every labelled voxel is added. */
export function labelChanges(previous: PlacedLabels | null, next: PlacedLabels): LabelChanges {
  const now = next.labels;
  if (!previous) {
    let added = 0;
    for (let i = 0; i < now.length; i++) if (now[i] !== 0) added++;
    return { added, removed: 0 };
  }
  const before = resampleLabels(previous.labels, previous.grid, next.grid);
  // previous dense index → next dense index of the same original id; -1: the id is not in `next`.
  const nextIndexOf = new Map<number, number>();
  for (let i = 0; i < next.labelIds.length; i++) nextIndexOf.set(next.labelIds[i]!, i);
  const translate = Int32Array.from({ length: previous.labelIds.length }, (_, i) => nextIndexOf.get(previous.labelIds[i]!) ?? -1);
  let added = 0;
  let removed = 0;
  for (let i = 0; i < now.length; i++) {
    const was = before[i]!;
    const is = now[i]!;
    if (translate[was] === is) continue;
    if (is !== 0) added++;
    if (was !== 0) removed++;
  }
  return { added, removed };
}
