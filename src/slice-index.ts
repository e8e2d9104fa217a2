// The slice slider's and keys' maths, pure: the element speaks in voxel planes of the finest layer along
// the slice axis (an index the slider can step through), the scene in world positions along it (a
// SliceRange). Index 0 is the first plane.
import type { SliceRange } from './scene/label-scene.ts';

/** Voxel planes of the finest layer along the slice axis; 0 before any layer. */
export function slicePlanes(range: SliceRange | null): number {
  return range ? Math.round((range.max - range.min) / range.step) + 1 : 0;
}

/** The plane shown for a wanted index: rounded and kept in range; no wish means the middle plane. */
export function sliceIndex(wanted: number | undefined, planes: number): number {
  const index = wanted === undefined || !Number.isFinite(wanted) ? Math.floor(planes / 2) : Math.round(wanted);
  return Math.min(Math.max(0, index), Math.max(0, planes - 1));
}

/** World position along the slice axis of plane `index`. */
export function slicePosition(range: SliceRange, index: number): number {
  return range.min + index * range.step;
}

/**
 * The plane a key press on the slice view moves to: ↑ / PageUp the next plane, ↓ / PageDown the previous
 * one, Home the first, End the last; undefined for any other key (the press is not the slice's).
 */
export function sliceAfterKey(key: string, index: number, planes: number): number | undefined {
  const last = Math.max(0, planes - 1);
  const target = key === 'ArrowUp' || key === 'PageUp' ? index + 1 : key === 'ArrowDown' || key === 'PageDown' ? index - 1 : key === 'Home' ? 0 : key === 'End' ? last : undefined;
  return target === undefined ? undefined : Math.min(Math.max(0, target), last);
}
