// @ts-check
// The mock stream's other volumes, as pure functions of (pattern, shape, labels, step, seed): the worst
// cases for geometry, whose label surface is as large as the voxel count allows (what an early ML
// preview of a noisy tomogram looks like), and a local change (what a preview that refines one region
// looks like). Each preview differs from the one before, so a client cannot skip it as unchanged.
// Shape is [z, y, x], C order (x fastest).
import { mulberry32, syntheticLabels } from './synthetic-volume.js';

/** The volumes the `pattern` option selects; `objects` is the synthetic segmentation. */
export const PATTERNS = /** @type {readonly Pattern[]} */ (Object.freeze(['objects', 'noise', 'checkerboard', 'scattered', 'corner']));

/**
 * @typedef {import('./synthetic-volume.js').Shape3} Shape3
 * @typedef {'objects' | 'noise' | 'checkerboard' | 'scattered' | 'corner'} Pattern
 */

/**
 * The label ids of one preview.
 * - `noise`: every voxel a random id in 0..labels (labels 1: random 0/1), new draws each preview.
 * - `checkerboard`: voxel (x, y, z) is 1 where x + y + z + step is odd, so every voxel flips each preview.
 * - `scattered`: ids 1..labels, each on one random voxel (later ids win a shared voxel), moved each preview.
 * - `corner`: the objects of the first preview, fixed, and a cube of id 1 in the corner at voxel (1, 1, 1),
 *   2 + step voxels wide: each preview changes only the voxels near that corner (until the cube, clipped
 *   to the volume, fills it: then previews repeat).
 * @param {{ pattern: Pattern, shape: Shape3, labels: number, step: number, steps: number, seed: number }} params
 * @returns {Uint32Array}
 */
export function patternLabels({ pattern, shape, labels, step, steps, seed }) {
  const [Z, Y, X] = shape;
  const count = Z * Y * X;
  if (pattern === 'objects') return syntheticLabels({ shape, labels, step, steps, seed });
  if (pattern === 'corner') {
    const ids = syntheticLabels({ shape, labels, step: 0, steps, seed });
    const end = (/** @type {number} */ n) => Math.min(n, 3 + step);
    for (let z = 1; z < end(Z); z++) for (let y = 1; y < end(Y); y++) for (let x = 1; x < end(X); x++) ids[(z * Y + y) * X + x] = 1;
    return ids;
  }
  const ids = new Uint32Array(count);
  const random = mulberry32((seed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0);
  if (pattern === 'noise') {
    for (let i = 0; i < count; i++) ids[i] = Math.floor(random() * (labels + 1));
  } else if (pattern === 'checkerboard') {
    for (let z = 0; z < Z; z++)
      for (let y = 0; y < Y; y++) for (let x = 0; x < X; x++) ids[(z * Y + y) * X + x] = (x + y + z + step) % 2;
  } else {
    for (let label = 1; label <= labels; label++) ids[Math.floor(random() * count)] = label;
  }
  return ids;
}
