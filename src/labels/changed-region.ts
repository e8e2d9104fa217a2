// Where a job's new preview differs from its previous one: the bounding box of the changed voxels, so a
// renderer can upload or redraw only that part.
import { pairedWords } from './background-words.ts';
import type { DenseLabels, Shape3, VoxelBox } from './label-volume.ts';

/** The box with no voxels: what changedRegion returns when nothing changed. */
export function emptyVoxelBox(): VoxelBox {
  return { min: [0, 0, 0], max: [0, 0, 0] };
}

/** True when the box holds no voxel (max ≤ min on some axis; max is exclusive). */
export function isEmptyVoxelBox(box: VoxelBox): boolean {
  return box.max[0] <= box.min[0] || box.max[1] <= box.min[1] || box.max[2] <= box.min[2];
}

/**
 * Bounding box ([x, y, z], min inclusive, max exclusive, in voxels of `shape`) of the voxels whose dense
 * label differs from `previous` (of shape `previousShape`). null when there is nothing to compare with (no
 * previous preview, or another shape or length): treat the whole volume as changed. An empty box
 * ({min: [0,0,0], max: [0,0,0]}) when nothing changed. Dense indices are comparable across previews
 * because the job's LabelIndex never renumbers an id.
 */
export function changedRegion(previous: DenseLabels | null, labels: DenseLabels, shape: Shape3, previousShape: Shape3 = shape): VoxelBox | null {
  if (!previous || !sameShape(previousShape, shape) || previous.length !== labels.length) return null;
  const before = previous;
  const [nz, ny, nx] = shape;
  // Rows are compared a 32-bit word at a time where words line up (same kind, rows of whole words).
  const words = pairedWords(before, labels, nx);
  const perWord = words?.perWord ?? 1;
  const shift = perWord >> 1; // by word index: no division per word
  let minX = nx, minY = ny, minZ = nz, maxX = -1, maxY = -1, maxZ = -1;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = (z * ny + y) * nx;
      let x = 0;
      if (words) {
        const { was, now } = words;
        const first = row >> shift;
        const end = first + (nx >> shift);
        let k = first;
        while (k < end && was[k] === now[k]) k++;
        x = (k - first) << shift;
      }
      while (x < nx && before[row + x] === labels[row + x]) x++;
      if (x === nx) continue;
      if (x < minX) minX = x;
      // Only the part of the row right of the known box can widen it.
      let right = nx - 1;
      while (right > maxX && before[row + right] === labels[row + right]) right--;
      if (right > maxX) maxX = right;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      if (z < minZ) minZ = z;
      maxZ = z;
    }
  }
  if (maxZ < 0) return emptyVoxelBox();
  return { min: [minX, minY, minZ], max: [maxX + 1, maxY + 1, maxZ + 1] };
}

function sameShape(a: Shape3, b: Shape3): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}
