// The slice slider's maths, pure: the element speaks in voxel planes of the finest layer (an index the
// slider can step through), the scene in world z (a SliceRange). Index 0 is the first plane.
import type { SliceRange } from './scene/label-scene.ts';

/** Voxel planes of the finest layer along z; 0 before any layer. */
export function slicePlanes(range: SliceRange | null): number {
  return range ? Math.round((range.max - range.min) / range.step) + 1 : 0;
}

/** The plane shown for a wanted index: rounded and kept in range; no wish means the middle plane. */
export function sliceIndex(wanted: number | undefined, planes: number): number {
  const index = wanted === undefined || !Number.isFinite(wanted) ? Math.floor(planes / 2) : Math.round(wanted);
  return Math.min(Math.max(0, index), Math.max(0, planes - 1));
}

/** World z of plane `index`. */
export function sliceZ(range: SliceRange, index: number): number {
  return range.min + index * range.step;
}
