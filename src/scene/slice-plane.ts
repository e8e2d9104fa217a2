// Where a 2D slice sits: the slice convention shared by label layers and the base intensity volume.
//
// Convention: the scene's slice position is a WORLD z (the units of `LabelVolume.spacing`; voxel k of a
// volume is centred at origin_z + k * spacing_z). Layers of different resolutions of the same original
// volume therefore agree on what "this slice" means; each shows its own voxel
// k = round((z - origin_z) / spacing_z), i.e. the voxel whose extent contains z, and shows nothing when
// z falls outside its volume. To drive the slice with an index i of the original (full-resolution)
// volume, pass `i * originalSpacingZ`; `LabelScene.sliceRange()` reports the finest layer's planes.
//
// Every slice quad is moved onto the same plane (world z) and then pulled a hair toward the camera by
// its stacking order, so coplanar layers never z-fight and a later layer is drawn over an earlier one
// whatever their native plane was. The slice camera sits at -z looking toward +z, so "toward the
// camera" is -z.
import type { Shape3, Vec3 } from '../labels/label-volume.ts';
import type { ImageMapper, ImageSlice } from './vtk.ts';

/** Depth step between stacked slices, as a fraction of the finest z spacing. */
export const STACK_STEP = 1e-3;

/** The voxel planes of a volume along z: plane k is centred at origin + k * step. */
export interface ZPlanes {
  origin: number;
  step: number;
  count: number;
}

/** Index of the plane whose extent holds world z, or -1 when z is outside the volume. */
export function planeAt(planes: ZPlanes, worldZ: number): number {
  const k = Math.round((worldZ - planes.origin) / planes.step);
  return k >= 0 && k < planes.count ? k : -1;
}

/**
 * Shows the plane holding worldZ, moved to world z `worldZ - lift` (lift > 0 is toward the camera).
 * Returns false, changing nothing, when worldZ is outside the volume.
 */
export function placeSlice(slice: ImageSlice, mapper: ImageMapper, planes: ZPlanes, worldZ: number, lift: number): boolean {
  const k = planeAt(planes, worldZ);
  if (k < 0) return false;
  if (mapper.getSlice() !== k) mapper.setSlice(k);
  slice.setPosition(0, 0, worldZ - (planes.origin + k * planes.step) - lift);
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
