// Which 3D surface a layer shows: the voxels' boundary faces as they are, or the same faces with their
// corners relaxed into a smooth surface (smooth-surface.ts). Pure.

/** `voxel`: boundary faces of the voxels (blocky, exact). `smooth`: surface nets, lightly smoothed. */
export type SurfaceMode = 'voxel' | 'smooth';

export const SURFACE_MODES: readonly SurfaceMode[] = ['voxel', 'smooth'];

export const DEFAULT_SURFACE_MODE: SurfaceMode = 'voxel';

export function isSurfaceMode(value: unknown): value is SurfaceMode {
  return value === 'voxel' || value === 'smooth';
}
