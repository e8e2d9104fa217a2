// Where a 2D slice sits: the slice convention shared by label layers and the base intensity volume.
//
// Convention: the scene's slice position is a WORLD z (same units as `LabelVolume.spacing`, origin 0,
// voxel k of a volume centred at k * spacing_z). Layers of different resolutions of the same original
// volume therefore agree on what "this slice" means; each shows its own voxel k = round(z / spacing_z),
// i.e. the voxel whose extent contains z, and shows nothing when z falls outside its volume.
// To drive the slice with an index of the original (full-resolution) volume, pass
// `index * originalSpacingZ`; `LabelScene.sliceRange()` reports the finest layer's step.
//
// Every slice quad is moved onto the same plane (world z) and then pulled a hair toward the camera by
// its stacking order, so coplanar layers never z-fight and a later layer is drawn over an earlier one
// whatever their native k * spacing_z was. The slice camera sits at -z looking toward +z, so "toward the
// camera" is -z.
import type { ImageMapper, ImageSlice } from './vtk.ts';

/** Depth step between stacked slices, as a fraction of the finest z spacing. */
export const STACK_STEP = 1e-3;

/**
 * Shows voxel plane k = round(worldZ / spacingZ) of a volume with `depth` planes at world z
 * `worldZ - lift` (lift > 0 is toward the camera). Returns false, changing nothing, when worldZ is outside
 * the volume.
 */
export function placeSlice(
  slice: ImageSlice,
  mapper: ImageMapper,
  depth: number,
  spacingZ: number,
  worldZ: number,
  lift: number,
): boolean {
  const k = Math.round(worldZ / spacingZ);
  if (!(k >= 0 && k < depth)) return false;
  if (mapper.getSlice() !== k) mapper.setSlice(k);
  slice.setPosition(0, 0, worldZ - k * spacingZ - lift);
  return true;
}
