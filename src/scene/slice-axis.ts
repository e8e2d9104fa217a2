// The slice view's axis, pure: which world axis the slice planes are stacked along, and how the slice
// camera is oriented for it. No vtk here; the scene turns these numbers into vtk calls.
//
// Screen convention (napari's, for a [z, y, x] volume): the two remaining axes keep their volume order,
// the earlier one running down the screen and the later one to the right, so
//   z slice: x right, y down     y slice: x right, z down     x slice: y right, z down
// The camera looks along right × down, which keeps the picture unmirrored (a z slice looks along +z,
// as the 3D view does).
import type { Shape3, Vec3 } from '../labels/label-volume.ts';

export type SliceAxis = 'z' | 'y' | 'x';

export const SLICE_AXES: readonly SliceAxis[] = ['z', 'y', 'x'];

export function isSliceAxis(value: unknown): value is SliceAxis {
  return value === 'z' || value === 'y' || value === 'x';
}

/** Index of the axis in world [x, y, z] vectors (and vtkImageMapper's I/J/K slicing mode: 0, 1, 2). */
export function worldAxis(axis: SliceAxis): 0 | 1 | 2 {
  return axis === 'x' ? 0 : axis === 'y' ? 1 : 2;
}

/** Index of the axis in a [z, y, x] shape. */
export function shapeAxis(axis: SliceAxis): 0 | 1 | 2 {
  return axis === 'x' ? 2 : axis === 'y' ? 1 : 0;
}

/** Voxels in one plane across `axis` of a [z, y, x] shape: what the slice view uploads of a volume. */
export function planeVoxels(shape: Shape3, axis: SliceAxis): number {
  const [nz, ny, nx] = shape;
  return axis === 'z' ? ny * nx : axis === 'y' ? nz * nx : nz * ny;
}

/** How the slice camera sees a plane: world unit vectors of screen right, screen down, and the look direction. */
export interface SliceFrame {
  right: Vec3;
  down: Vec3;
  look: Vec3;
}

const UNIT: readonly Vec3[] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

export function sliceFrame(axis: SliceAxis): SliceFrame {
  const [right, down] = axis === 'z' ? [0, 1] : axis === 'y' ? [0, 2] : [1, 2];
  const r = UNIT[right]!;
  const d = UNIT[down]!;
  const look: Vec3 = [r[1] * d[2] - r[2] * d[1], r[2] * d[0] - r[0] * d[2], r[0] * d[1] - r[1] * d[0]];
  return { right: r, down: d, look };
}

/** The voxel planes of a volume along one axis: plane k is centred at origin + k * step. */
export interface AxisPlanes {
  origin: number;
  step: number;
  count: number;
}

/** A volume's planes along `axis` (world origin of voxel 0, spacing and count along it). */
export function planesAlong(shape: Shape3, spacing: Vec3, origin: Vec3, axis: SliceAxis): AxisPlanes {
  const w = worldAxis(axis);
  return { origin: origin[w], step: spacing[w], count: shape[shapeAxis(axis)] };
}
