// The geometry budget: how many boundary faces a label grid has, and how coarse its 3D surface must be
// to stay within a face budget. The voxel budget bounds the labels, not the surface: random 0/1 noise
// at 128³ has ≈ 3.1M faces, a checkerboard ≈ 6.3M. Pure.
import { backgroundWords } from './background-words.ts';
import { poolLabels } from './downsample.ts';
import type { DenseLabels, Shape3 } from './label-volume.ts';

/** Boundary quads labelSurface would emit for the whole grid, without building them. */
export function countFaces(labels: DenseLabels, [nz, ny, nx]: Shape3): number {
  const slab = ny * nx;
  // Background words: a run of background voxels whose neighbours below (y − 1, z − 1) are background too, after a background voxel, has no face.
  const background = backgroundWords(labels, nx);
  const words = background?.words;
  const perWord = background?.perWord ?? 1;
  let faces = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = z * slab + y * nx;
      let left = 0;
      for (let x = 0; x < nx; x++) {
        if (words && left === 0 && x % perWord === 0) {
          const at = (row + x) / perWord;
          if ((words[at]! | (y > 0 ? words[at - nx / perWord]! : 0) | (z > 0 ? words[at - slab / perWord]! : 0)) === 0) {
            x += perWord - 1;
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
}

/**
 * The finest power-of-two pooling whose surface fits `maxFaces`. Max pooling keeps labels exact (a
 * coarse voxel takes the largest id among its voxels, never a blend) and keeps thin structures visible;
 * the slice view always shows the exact labels.
 */
export function surfaceLevel(labels: DenseLabels, shape: Shape3, maxFaces: number): SurfaceLevel {
  const exactFaces = countFaces(labels, shape);
  let level: SurfaceLevel = { factor: 1, labels, shape, faces: exactFaces, exactFaces };
  while (level.faces > maxFaces && level.shape.some((n) => n > 1)) {
    const factor = level.factor * 2;
    const pooled = poolLabels(labels, shape, factor);
    level = { factor, labels: pooled.ids, shape: pooled.shape, faces: countFaces(pooled.ids, pooled.shape), exactFaces };
  }
  return level;
}
