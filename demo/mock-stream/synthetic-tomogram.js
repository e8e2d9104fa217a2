// @ts-check
// The mock's synthetic tomogram: the intensity volume its label volumes segment, so a demo can draw the
// labels over the data they came from. A pure function of (shape, labels, seed): the fully grown
// segmentation of that seed, drawn as dense (dark) objects on a mid-grey background, blurred a little
// along x and y, with seeded noise and a slow shading across the volume — noisy, as cryo-ET is.
import { syntheticLabels } from './synthetic-volume.js';

/** @typedef {import('./synthetic-volume.js').Shape3} Shape3 */

/** Mean grey of the background and of the objects (dense matter is dark in cryo-ET), 0..255. */
const BACKGROUND = 150;
const OBJECT = 70;
/** Standard deviation of the noise, in grey levels. */
const NOISE = 22;

/**
 * @param {{ shape: Shape3, labels?: number, seed?: number }} params
 * @returns {Uint8Array} intensities, length z*y*x, C order (x fastest), like the labels
 */
export function syntheticTomogram({ shape, labels = 4, seed = 0 }) {
  const [Z, Y, X] = shape;
  const ids = syntheticLabels({ shape, labels, step: 0, steps: 1, seed });
  const out = new Uint8Array(Z * Y * X);
  const random = gaussian(seed ^ 0x5bd1e995);
  for (let z = 0; z < Z; z++) {
    for (let y = 0; y < Y; y++) {
      const row = (z * Y + y) * X;
      for (let x = 0; x < X; x++) {
        // A 3×3 in-plane mean of "object or not": edges go soft, as a microscope's transfer does.
        let dense = 0;
        for (let dy = -1; dy <= 1; dy++) {
          const yy = Math.min(Y - 1, Math.max(0, y + dy));
          for (let dx = -1; dx <= 1; dx++) dense += ids[(z * Y + yy) * X + Math.min(X - 1, Math.max(0, x + dx))] === 0 ? 0 : 1;
        }
        const shading = 12 * Math.sin((Math.PI * (x + 0.7 * y)) / Math.max(X, Y));
        const value = BACKGROUND + (OBJECT - BACKGROUND) * (dense / 9) + shading + NOISE * random();
        out[row + x] = Math.min(255, Math.max(0, Math.round(value)));
      }
    }
  }
  return out;
}

/**
 * Seeded standard normal numbers (Box–Muller over mulberry32): the tomogram must not depend on Math.random.
 * @param {number} seed
 */
function gaussian(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
