// Where a 2D slice sits: the slice convention shared by label layers and the base intensity volume.
//
// Convention: the scene's slice position is a WORLD coordinate along the slice axis (slice-axis.ts), in
// the units of `LabelVolume.spacing`; voxel k of a volume is centred at origin + k * spacing along it.
// Layers of different resolutions of the same original volume therefore agree on what "this slice"
// means; each shows its own voxel k = round((position - origin) / spacing), i.e. the voxel whose extent
// contains the position, and shows nothing when it falls outside its volume. To drive the slice with an
// index i of the original (full-resolution) volume, pass `i * originalSpacing`; `LabelScene.sliceRange()`
// reports the finest layer's planes.
//
// Every slice quad is moved onto the same plane and then pulled a hair toward the camera by its stacking
// order, so coplanar layers never z-fight and a later layer is drawn over an earlier one whatever their
// native plane was. "Toward the camera" is against the slice frame's look direction.
import type { Shape3, Vec3 } from '../labels/label-volume.ts';
import { sliceFrame, worldAxis, type AxisPlanes, type SliceAxis } from './slice-axis.ts';
import type { ImageMapper, ImageSlice } from './vtk.ts';

/** Depth step between stacked slices, as a fraction of the finest spacing along the slice axis. */
export const STACK_STEP = 1e-3;

/** Index of the plane whose extent holds the world position, or -1 when it is outside the volume. */
export function planeAt(planes: AxisPlanes, position: number): number {
  const k = Math.round((position - planes.origin) / planes.step);
  return k >= 0 && k < planes.count ? k : -1;
}

/**
 * Shows the plane along `axis` holding `position`, moved onto that position and `lift` toward the camera.
 * Returns false, changing nothing, when the position is outside the volume.
 */
export function placeSlice(slice: ImageSlice, mapper: ImageMapper, planes: AxisPlanes, axis: SliceAxis, position: number, lift: number): boolean {
  const k = planeAt(planes, position);
  if (k < 0) return false;
  const w = worldAxis(axis);
  if (mapper.getSlicingMode() !== w) mapper.setSlicingMode(w);
  if (mapper.getSlice() !== k) mapper.setSlice(k);
  const { look } = sliceFrame(axis);
  const offset = [0, 0, 0];
  offset[w] = position - (planes.origin + k * planes.step);
  slice.setPosition(offset[0]! - lift * look[0], offset[1]! - lift * look[1], offset[2]! - lift * look[2]);
  return true;
}

/** World bounds [xmin, xmax, ymin, ymax, zmin, zmax] of the voxel extents of a volume. */
export function voxelBounds(shape: Shape3, spacing: Vec3, origin: Vec3): number[] {
  const [nz, ny, nx] = shape;
  const counts = [nx, ny, nz];
  return [0, 1, 2].flatMap((axis) => {
    const s = spacing[axis]!;
    const o = origin[axis]!;
    return [o - s / 2, o + (counts[axis]! - 0.5) * s];
  });
}
