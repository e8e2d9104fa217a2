// The geometry budget: how many boundary faces a label grid has, and how coarse its 3D surface must be
// to stay within a face budget. The voxel budget bounds the labels, not the surface: random 0/1 noise
// at 128³ has ≈ 3.1M faces, a checkerboard ≈ 6.3M. Pure.
import { wordGrid, wordLabel } from './background-words.ts';
import { poolLabels } from './downsample.ts';
import type { DenseLabels, Shape3 } from './label-volume.ts';
import { rowClearOf, rowExtents, type RowExtents } from './row-extents.ts';

/**
 * Boundary quads labelSurface would emit for the whole grid, without building them. `rows`: the grid's
 * row extents, if known.
 */
export function countFaces(labels: DenseLabels, shape: Shape3, rows: RowExtents = rowExtents(labels, shape)): number {
  const [nz, ny, nx] = shape;
  const slab = ny * nx;
  // Words of voxels: a word of one label (background, or inside an object) equal to the words below it
  // (y − 1, z − 1), after a voxel of that label, has no face.
  const { words, perWord, shift, lane, wordsPerRow, wordsPerSlab } = wordGrid(labels, nx, slab);
  let faces = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      // A background row whose neighbours below (y − 1, z − 1) are background too has no face.
      const r = z * ny + y;
      if (rowClearOf(rows, r, 0, nx) && (y === 0 || rowClearOf(rows, r - 1, 0, nx)) && (z === 0 || rowClearOf(rows, r - ny, 0, nx))) continue;
      const row = z * slab + y * nx;
      let left = 0;
      for (let x = 0; x < nx; x++) {
        if (words && (x & lane) === 0) {
          const at = (row + x) >> shift;
          const w = words[at]!;
          if (wordLabel(w, perWord) === left && w === (y > 0 ? words[at - wordsPerRow]! : 0) && w === (z > 0 ? words[at - wordsPerSlab]! : 0)) {
            x += lane;
            continue;
          }
        }
        const v = labels[row + x]!;
        const down = y > 0 ? labels[row - nx + x]! : 0;
        const below = z > 0 ? labels[row - slab + x]! : 0;
        // Each face is counted from its voxel's lower side on each axis (the far walls after the loop).
        // Branch-free: noise makes every comparison a coin toss, which a branch predictor cannot learn.
        const own = +(v !== 0);
        faces += +(v !== left) * (own + +(left !== 0)) + +(v !== down) * (own + +(down !== 0)) + +(v !== below) * (own + +(below !== 0));
        left = v;
      }
      if (left !== 0) faces += 1;
    }
  }
  // The last y row's and the last z plane's outward faces.
  for (let z = 0; z < nz; z++) for (let x = 0; x < nx; x++) if (labels[z * slab + (ny - 1) * nx + x] !== 0) faces += 1;
  for (let i = (nz - 1) * slab; i < nz * slab; i++) if (labels[i] !== 0) faces += 1;
  return faces;
}

/**
 * One layer's face budget: `maxFaces`, and no more than its share of `maxTotalFaces` among `jobs` layers
 * (at least 1 face). Every listed job counts, finished ones too: their layers stay drawn.
 */
export function faceShare(maxFaces: number, maxTotalFaces: number, jobs: number): number {
  return Math.max(1, Math.min(maxFaces, Math.floor(maxTotalFaces / Math.max(1, jobs))));
}

export interface SurfaceLevel {
  /** Voxels of the label grid per surface voxel along each axis: 1 = exact, 2, 4, … = coarser. */
  factor: number;
  /** The grid the surface is built from: the labels themselves at factor 1, else max-pooled (label-exact). */
  labels: DenseLabels;
  shape: Shape3;
  /** Faces of the surface at `factor`. */
  faces: number;
  /** Faces the exact surface (factor 1) would have. */
  exactFaces: number;
  /** Where the rows of `labels` hold labels. */
  rows: RowExtents;
}

/**
 * The finest power-of-two pooling whose surface fits `maxFaces`. Max pooling keeps labels exact (a
 * coarse voxel takes the largest id among its voxels, never a blend) and keeps thin structures visible;
 * the slice view always shows the exact labels.
 */
export function surfaceLevel(labels: DenseLabels, shape: Shape3, maxFaces: number): SurfaceLevel {
  const rows = rowExtents(labels, shape);
  const exactFaces = countFaces(labels, shape, rows);
  let level: SurfaceLevel = { factor: 1, labels, shape, faces: exactFaces, exactFaces, rows };
  while (level.faces > maxFaces && level.shape.some((n) => n > 1)) {
    const factor = level.factor * 2;
    const pooled = poolLabels(labels, shape, factor);
    const pooledRows = rowExtents(pooled.ids, pooled.shape);
    level = { factor, labels: pooled.ids, shape: pooled.shape, faces: countFaces(pooled.ids, pooled.shape, pooledRows), exactFaces, rows: pooledRows };
  }
  return level;
}
