// The brick partition of a label grid: the 3D surface is built, sent and swapped brick by brick, so a
// preview that changes a few voxels costs a few bricks on both threads. Pure.
import type { Shape3, Vec3, VoxelBox } from './label-volume.ts';

/** A grid of `size`³-voxel bricks over a volume of `shape` (edge bricks may be partial). */
export interface BrickGrid {
  /** Volume shape in voxels, [z, y, x]. */
  shape: Shape3;
  /** Brick edge in voxels. */
  size: number;
  /** Bricks along each axis, [x, y, z]. */
  counts: Vec3;
}

export function brickGrid(shape: Shape3, size: number): BrickGrid {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`brick size must be a positive integer, got ${size}.`);
  const [nz, ny, nx] = shape;
  return { shape, size, counts: [Math.ceil(nx / size), Math.ceil(ny / size), Math.ceil(nz / size)] };
}

export function brickCount(grid: BrickGrid): number {
  return grid.counts[0] * grid.counts[1] * grid.counts[2];
}

/** Smallest brick edge ever chosen by brickEdge. */
const MIN_BRICK_EDGE = 16;

/**
 * The brick edge for a surface of `faces` faces over a grid of `shape`: `largest`, halved while the bricks
 * would hold more than `facesPerBrick` faces on average (never below 16 unless
 * `largest` is). Big bricks mean few vtk actors, and each actor costs every draw; small ones mean small uploads.
 */
export function brickEdge(faces: number, shape: Shape3, largest: number, facesPerBrick: number): number {
  let size = largest;
  while (size > MIN_BRICK_EDGE && faces / brickCount(brickGrid(shape, size)) > facesPerBrick) size = Math.max(MIN_BRICK_EDGE, Math.ceil(size / 2));
  return size;
}

/** The voxels of brick `index` (x fastest, then y, then z), clipped to the volume. */
export function brickBox(grid: BrickGrid, index: number): VoxelBox {
  const [cx, cy] = grid.counts;
  const bx = index % cx;
  const by = Math.floor(index / cx) % cy;
  const bz = Math.floor(index / (cx * cy));
  const { size } = grid;
  const [nz, ny, nx] = grid.shape;
  return {
    min: [bx * size, by * size, bz * size],
    max: [Math.min(nx, (bx + 1) * size), Math.min(ny, (by + 1) * size), Math.min(nz, (bz + 1) * size)],
  };
}

/** Indices (ascending) of exactly the bricks holding at least one voxel of `box` (clipped to the volume). */
export function bricksTouching(grid: BrickGrid, box: VoxelBox): number[] {
  const [nz, ny, nx] = grid.shape;
  const limits = [nx, ny, nz];
  const first: number[] = [];
  const last: number[] = [];
  for (let axis = 0; axis < 3; axis++) {
    const min = Math.max(0, box.min[axis]!);
    const max = Math.min(limits[axis]!, box.max[axis]!);
    if (max <= min) return [];
    first.push(Math.floor(min / grid.size));
    last.push(Math.floor((max - 1) / grid.size));
  }
  const [cx, cy] = grid.counts;
  const out: number[] = [];
  for (let bz = first[2]!; bz <= last[2]!; bz++)
    for (let by = first[1]!; by <= last[1]!; by++) for (let bx = first[0]!; bx <= last[0]!; bx++) out.push((bz * cy + by) * cx + bx);
  return out;
}

/**
 * The bricks whose faces can differ when the voxels of `changed` change: a face sits between a voxel and
 * its neighbour and belongs to the labelled one, so a change also moves faces owned by the voxels one
 * step outside the box (`reach` 1); a smooth surface's vertices feel a change farther away.
 */
export function bricksAffected(grid: BrickGrid, changed: VoxelBox, reach = 1): number[] {
  if (changed.max.some((max, axis) => max <= changed.min[axis]!)) return [];
  const grown: VoxelBox = {
    min: changed.min.map((v) => v - reach) as Vec3,
    max: changed.max.map((v) => v + reach) as Vec3,
  };
  return bricksTouching(grid, grown);
}

/** A box of a fine grid as the box of a grid `factor` times coarser that covers it. */
export function coarsenBox(box: VoxelBox, factor: number): VoxelBox {
  return {
    min: box.min.map((v) => Math.floor(v / factor)) as Vec3,
    max: box.max.map((v) => Math.ceil(v / factor)) as Vec3,
  };
}
