// A preview's 3D surface as bricks (worker side): picks the surface level that fits the face budget,
// then builds only the bricks whose faces can have changed since the job's previous preview, as
// ready-to-use vtk arrays. Pure.
import { brickBox, brickCount, brickGrid, bricksAffected, coarsenBox } from './bricks.ts';
import { createSurfaceScratch, labelSurface } from './label-surface.ts';
import type { DenseLabels, Shape3, SurfaceBrick, SurfaceBricks, Vec3, VoxelBox } from './label-volume.ts';
import { surfaceLevel } from './surface-budget.ts';

export interface SurfaceBudget {
  /** Most boundary faces a layer's 3D surface may have; beyond it the surface is built coarser. */
  maxFaces: number;
  /** Brick edge, in voxels of the surface grid. */
  brickSize: number;
}

/** What the next preview's bricks are compared with: the previous preview's surface grid. */
export interface SurfaceMemory {
  factor: number;
  shape: Shape3;
}

export interface BuiltSurface {
  surface: SurfaceBricks;
  memory: SurfaceMemory;
}

/**
 * `changed`: the voxels (of `shape`) that differ from the previous preview, null for "everything".
 * The result lists every brick to replace; with `complete`, bricks not listed are empty.
 */
export function buildSurfaceBricks(
  labels: DenseLabels,
  shape: Shape3,
  spacing: Vec3,
  origin: Vec3,
  changed: VoxelBox | null,
  previous: SurfaceMemory | null,
  budget: SurfaceBudget,
): BuiltSurface {
  const level = surfaceLevel(labels, shape, budget.maxFaces);
  const f = level.factor;
  const coarseSpacing: Vec3 = [spacing[0] * f, spacing[1] * f, spacing[2] * f];
  // A coarse voxel covers f fine voxels: its centre is (f − 1)/2 fine voxels past the first one's.
  const coarseOrigin: Vec3 = [origin[0] + ((f - 1) / 2) * spacing[0], origin[1] + ((f - 1) / 2) * spacing[1], origin[2] + ((f - 1) / 2) * spacing[2]];
  const grid = brickGrid(level.shape, budget.brickSize);
  const complete = !changed || !previous || previous.factor !== f || !sameShape(previous.shape, level.shape);
  const indices = complete ? allBricks(brickCount(grid)) : bricksAffected(grid, coarsenBox(changed, f));
  const bricks: SurfaceBrick[] = [];
  const scratch = createSurfaceScratch();
  for (const index of indices) {
    const faces = labelSurface(level.labels, level.shape, coarseSpacing, coarseOrigin, brickBox(grid, index), scratch);
    // A complete set leaves out empty bricks (the receiver clears what it does not get); a partial one
    // must send them, or a brick that lost all its faces would keep its old ones.
    if (complete && faces.cellLabels.length === 0) continue;
    bricks.push({ index, ...faces });
  }
  return {
    surface: { factor: f, brickSize: budget.brickSize, complete, bricks, faces: level.faces, exactFaces: level.exactFaces, maxFaces: budget.maxFaces },
    memory: { factor: f, shape: level.shape },
  };
}

function allBricks(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

function sameShape(a: Shape3, b: Shape3): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}
