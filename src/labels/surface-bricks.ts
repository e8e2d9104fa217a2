// A preview's 3D surface as bricks (worker side): picks the surface level that fits the face budget and
// the builder of the surface mode (voxel faces, merged into rectangles by greedy-faces.ts, or smooth
// surface nets: the same unit faces either way), then builds only the bricks whose faces can have
// changed since the job's previous preview, as ready-to-use vtk arrays. Pure.
import { brickBox, brickCount, brickEdge, brickGrid, bricksAffected, coarsenBox } from './bricks.ts';
import { createGreedyScratch, greedyLabelSurface, type GreedyScratch } from './greedy-faces.ts';
import type { DenseLabels, Shape3, SurfaceBrick, SurfaceBricks, Vec3, VoxelBox } from './label-volume.ts';
import { surfaceLevel } from './surface-budget.ts';
import { DEFAULT_SURFACE_MODE, type SurfaceMode } from './surface-mode.ts';
import { createSmoothScratch, SMOOTH_APRON, smoothSurface, type SmoothScratch } from './smooth-surface.ts';

export interface SurfaceBudget {
  /** Most boundary faces a layer's 3D surface may have; beyond it the surface is built coarser. */
  maxFaces: number;
  /** Largest brick edge, in voxels of the surface grid: halved while bricks average over BRICK_FACES faces. */
  brickSize: number;
  /** Voxel faces or a smooth surface; default voxel. */
  surface?: SurfaceMode;
}

/**
 * Average faces per brick a surface's bricks may hold. Measured (1000×640, SwiftShader, 4 × 128³ layers
 * of the mock's objects, loaded 2-core machine, two runs of a test/browser probe): every vtk actor costs
 * each draw ≈ 0.3–0.6 ms on the main thread (render() p50 with 104 actors 34–66 ms, 25: 8–21 ms, one per
 * layer: 3–4 ms; a later step, 168 → 36 actors: 46–64 → 12–14 ms), while an upload costs ≈ 1 µs per face
 * unloaded (SwiftShader's own raster, off the main thread, takes 250–600 ms a frame whatever the actors).
 * 64³ bricks of the objects average 2–5.4 k faces (≤ 11.6 k in one brick) with 5–8 actors per layer
 * instead of 24–42 at 32³; a surface denser than this (noise shown ×2 coarser, 3000 scattered labels)
 * gets 32³ bricks, so no single upload holds a layer's whole surface.
 */
export const BRICK_FACES = 8_000;

/** What the next preview's bricks are compared with: the previous preview's surface grid and bricks. */
export interface SurfaceMemory {
  factor: number;
  shape: Shape3;
  brickSize?: number;
  mode?: SurfaceMode;
}

/** The builders' working memory, reused by the bricks of a preview and, kept by the job, by its next previews. */
export interface BrickScratch {
  greedy: GreedyScratch;
  smooth: SmoothScratch;
}

export function createBrickScratch(): BrickScratch {
  return { greedy: createGreedyScratch(), smooth: createSmoothScratch() };
}

export interface BuiltSurface {
  surface: SurfaceBricks;
  memory: SurfaceMemory;
}

/**
 * `changed`: the voxels (of `shape`) that differ from the previous preview, null for "everything".
 * The result lists every brick to replace; with `complete`, bricks not listed are empty. Nothing
 * returned refers to `scratch`.
 */
export function buildSurfaceBricks(
  labels: DenseLabels,
  shape: Shape3,
  spacing: Vec3,
  origin: Vec3,
  changed: VoxelBox | null,
  previous: SurfaceMemory | null,
  budget: SurfaceBudget,
  scratch: BrickScratch = createBrickScratch(),
): BuiltSurface {
  const level = surfaceLevel(labels, shape, budget.maxFaces);
  const f = level.factor;
  const coarseSpacing: Vec3 = [spacing[0] * f, spacing[1] * f, spacing[2] * f];
  // A coarse voxel covers f fine voxels: its centre is (f − 1)/2 fine voxels past the first one's.
  const coarseOrigin: Vec3 = [origin[0] + ((f - 1) / 2) * spacing[0], origin[1] + ((f - 1) / 2) * spacing[1], origin[2] + ((f - 1) / 2) * spacing[2]];
  // A new edge means a complete surface: bricks grow back only well under the average, so a surface
  // near it does not flip between edges (and resend everything) from one preview to the next.
  const fresh = brickEdge(level.faces, level.shape, budget.brickSize, BRICK_FACES);
  const kept = previous?.brickSize;
  const size = kept !== undefined && kept < fresh && level.faces / brickCount(brickGrid(level.shape, fresh)) > BRICK_FACES / 2 ? kept : fresh;
  const grid = brickGrid(level.shape, size);
  const mode = budget.surface ?? DEFAULT_SURFACE_MODE;
  const complete = !changed || !previous || previous.factor !== f || !sameShape(previous.shape, level.shape) || previous.brickSize !== size || (previous.mode ?? DEFAULT_SURFACE_MODE) !== mode;
  // A smooth vertex moves with the voxels up to its build's apron away: so far a change reaches.
  const reach = mode === 'smooth' ? SMOOTH_APRON + 1 : 1;
  const indices = complete ? allBricks(brickCount(grid)) : bricksAffected(grid, coarsenBox(changed, f), reach);
  const bricks: SurfaceBrick[] = [];
  for (const index of indices) {
    const box = brickBox(grid, index);
    const faces = mode === 'smooth' ? smoothSurface(level.labels, level.shape, coarseSpacing, coarseOrigin, box, scratch.smooth) : greedyLabelSurface(level.labels, level.shape, coarseSpacing, coarseOrigin, box, scratch.greedy, level.rows);
    // A complete set leaves out empty bricks (the receiver clears what it does not get); a partial one
    // must send them, or a brick that lost all its faces would keep its old ones.
    if (complete && faces.cellLabels.length === 0) continue;
    bricks.push({ index, ...faces });
  }
  return {
    surface: { factor: f, brickSize: size, complete, bricks, faces: level.faces, exactFaces: level.exactFaces, maxFaces: budget.maxFaces },
    memory: { factor: f, shape: level.shape, brickSize: size, mode },
  };
}

function allBricks(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

function sameShape(a: Shape3, b: Shape3): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}
