// Two consecutive previews' surfaces as one: what a layer must apply to go from the state before the
// older one straight to the newer one. Previews that arrive while a layer is still drawing an older one
// are merged here and applied as one pass once it is drawn (label-layer.ts). Pure.
import type { SurfaceBrick, SurfaceBricks } from './label-volume.ts';

/**
 * `newer` applied after `older`, as one set of bricks. A complete `newer` says every brick, so it stands
 * alone; a partial one lists only the bricks that changed since `older`, so it goes over `older`'s bricks
 * (newest per brick), and the result is complete when `older` was (bricks listed in neither are empty).
 * Same brick grid is assumed for a partial `newer`: the worker sends a complete surface when it changes.
 */
export function mergeSurfaces(older: SurfaceBricks, newer: SurfaceBricks): SurfaceBricks {
  if (newer.complete) return newer;
  const bricks = new Map<number, SurfaceBrick>();
  for (const brick of older.bricks) bricks.set(brick.index, brick);
  for (const brick of newer.bricks) bricks.set(brick.index, brick);
  // A complete set leaves empty bricks out (surface-bricks.ts): one a partial newer emptied goes too.
  const kept = [...bricks.values()].filter((brick) => !older.complete || brick.cellLabels.length > 0);
  return { ...newer, complete: older.complete, bricks: kept.sort((a, b) => a.index - b.index) };
}
