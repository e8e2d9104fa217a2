// @ts-check
// The mock stream's synthetic segmentation: a pure function of (shape, labels, step, steps, seed) that
// draws labelled objects which grow from one preview to the next. Shape is [z, y, x], C order (x fastest).

/** @typedef {[z: number, y: number, x: number]} Shape3 */

/**
 * What each label id draws (ids above 4 are small extra blobs at seeded places).
 * Where objects overlap the lower id wins, so label 1 always owns its centre.
 */
export const LABEL_OBJECTS = Object.freeze({
  1: 'blob: ellipsoid centred on the label-1 probe voxel',
  2: 'membrane: curved sheet z = f(x, y) of a few voxels thickness, spreading along x',
  3: 'blob: elongated ellipsoid at a seeded place',
  4: 'filament: tube along x, wiggling in y and z, growing in length',
});

/**
 * Coordinates (voxel indices [z, y, x]) whose value is the same in every preview of every job, for any
 * shape with every axis >= 2: `background` is always 0 (nothing is ever drawn in the x = 0 plane) and
 * `label1` is always 1 (the centre of the label-1 blob).
 * For the default shape [40, 64, 96]: background [0, 0, 0], label1 [20, 19, 24].
 * @param {Shape3} shape
 * @returns {{ background: Shape3, label1: Shape3 }}
 */
export function labelProbes(shape) {
  const [Z, Y, X] = shape;
  return {
    background: [0, 0, 0],
    label1: [Math.floor(Z * 0.5), Math.floor(Y * 0.3), Math.max(1, Math.floor(X * 0.25))],
  };
}

/**
 * A 32-bit seed from a job id (FNV-1a), so every job draws its own but repeatable scene.
 * @param {string} jobId
 */
export function seedFromJobId(jobId) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < jobId.length; i++) {
    hash ^= jobId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The label ids of one preview.
 * @param {{ shape: Shape3, labels?: number, step: number, steps: number, seed?: number }} params
 *   `step` is 0-based (0 .. steps-1); the objects' growth is (step + 1) / steps.
 * @returns {Uint32Array} ids, length z*y*x, C order
 */
export function syntheticLabels({ shape, labels = 4, step, steps, seed = 0 }) {
  const [Z, Y, X] = shape;
  const ids = new Uint32Array(Z * Y * X);
  const growth = Math.min(1, Math.max(0, (step + 1) / Math.max(1, steps)));
  const random = mulberry32(seed);
  const canvas = { ids, Z, Y, X };
  // Draw the highest ids first so that lower ids overwrite them: label 1's centre stays label 1.
  for (let label = labels; label >= 5; label--) drawExtraBlob(canvas, label, growth, mulberry32(seed ^ (label * 0x9e3779b1)));
  const phase = random();
  const [jz, jy, jx] = [random() - 0.5, random() - 0.5, random() - 0.5];
  if (labels >= 4) drawFilament(canvas, 4, growth, phase);
  if (labels >= 3) {
    const g = 0.05 + 0.09 * growth;
    drawEllipsoid(canvas, 3, [Z * (0.4 + 0.08 * jz), Y * (0.35 + 0.08 * jy), X * (0.7 + 0.08 * jx)], [Z * g, Y * g, X * g * 1.4]);
  }
  if (labels >= 2) drawMembrane(canvas, 2, growth, phase);
  const { label1 } = labelProbes(shape);
  const g1 = 0.06 + 0.1 * growth;
  drawEllipsoid(canvas, 1, [label1[0] + 0.5, label1[1] + 0.5, label1[2] + 0.5], [Z * g1, Y * g1, X * g1]);
  return ids;
}

/** @typedef {{ ids: Uint32Array, Z: number, Y: number, X: number }} Canvas */
/** @typedef {[z: number, y: number, x: number]} Vec3zyx in voxel units */

/**
 * Fills voxels whose centre lies inside the ellipsoid (centre and radii in voxel units, [z, y, x]).
 * @param {Canvas} canvas @param {number} label @param {Vec3zyx} centre @param {Vec3zyx} radii
 */
function drawEllipsoid({ ids, Z, Y, X }, label, [cz, cy, cx], [rz, ry, rx]) {
  [rz, ry, rx] = [Math.max(0.75, rz), Math.max(0.75, ry), Math.max(0.75, rx)];
  for (let z = Math.max(0, Math.floor(cz - rz)); z <= Math.min(Z - 1, Math.ceil(cz + rz)); z++) {
    const dz = (z + 0.5 - cz) / rz;
    for (let y = Math.max(0, Math.floor(cy - ry)); y <= Math.min(Y - 1, Math.ceil(cy + ry)); y++) {
      const dy = (y + 0.5 - cy) / ry;
      const rest = 1 - dz * dz - dy * dy;
      if (rest < 0) continue;
      const row = (z * Y + y) * X;
      for (let x = Math.max(1, Math.floor(cx - rx)); x <= Math.min(X - 1, Math.ceil(cx + rx)); x++) {
        const dx = (x + 0.5 - cx) / rx;
        if (dx * dx <= rest) ids[row + x] = label;
      }
    }
  }
}

/**
 * A sheet z = f(x, y) near the top of the volume, spreading along x as the job grows.
 * @param {Canvas} canvas @param {number} label @param {number} growth @param {number} phase
 */
function drawMembrane({ ids, Z, Y, X }, label, growth, phase) {
  const half = Math.max(0.6, 0.025 * Z);
  const xEnd = Math.min(X, Math.ceil(X * (0.08 + 0.84 * growth)));
  for (let y = Math.floor(Y * 0.1); y < Math.ceil(Y * 0.9); y++) {
    const v = (y + 0.5) / Y;
    for (let x = Math.max(1, Math.floor(X * 0.08)); x < xEnd; x++) {
      const u = (x + 0.5) / X;
      const centre = Z * (0.78 + 0.08 * Math.sin(2 * Math.PI * (1.2 * u + phase)) * Math.cos(Math.PI * (v - 0.5)));
      for (let z = Math.max(0, Math.floor(centre - half)); z <= Math.min(Z - 1, Math.ceil(centre + half)); z++) {
        if (Math.abs(z + 0.5 - centre) <= half) ids[(z * Y + y) * X + x] = label;
      }
    }
  }
}

/**
 * A tube whose centre line is a function of x, growing in length as the job grows.
 * @param {Canvas} canvas @param {number} label @param {number} growth @param {number} phase
 */
function drawFilament({ ids, Z, Y, X }, label, growth, phase) {
  const [ry, rz] = [Math.max(0.8, 0.03 * Y), Math.max(0.8, 0.03 * Z)];
  const xEnd = Math.min(X, Math.ceil(X * (0.1 + 0.8 * growth)));
  for (let x = Math.max(1, Math.floor(X * 0.1)); x < xEnd; x++) {
    const u = (x + 0.5) / X;
    const cy = Y * (0.72 + 0.1 * Math.sin(2 * Math.PI * (1.5 * u + phase)));
    const cz = Z * (0.35 + 0.08 * Math.cos(2 * Math.PI * (u + phase)));
    for (let z = Math.max(0, Math.floor(cz - rz)); z <= Math.min(Z - 1, Math.ceil(cz + rz)); z++) {
      const dz = (z + 0.5 - cz) / rz;
      for (let y = Math.max(0, Math.floor(cy - ry)); y <= Math.min(Y - 1, Math.ceil(cy + ry)); y++) {
        const dy = (y + 0.5 - cy) / ry;
        if (dz * dz + dy * dy <= 1) ids[(z * Y + y) * X + x] = label;
      }
    }
  }
}

/**
 * A small blob for ids above 4, at a place drawn from its own random stream.
 * @param {Canvas} canvas @param {number} label @param {number} growth @param {() => number} random
 */
function drawExtraBlob(canvas, label, growth, random) {
  const { Z, Y, X } = canvas;
  /** @type {Vec3zyx} */
  const centre = [Z * (0.15 + 0.7 * random()), Y * (0.15 + 0.7 * random()), X * (0.15 + 0.7 * random())];
  const r = 0.015 + 0.03 * growth * (0.5 + random());
  drawEllipsoid(canvas, label, centre, [Z * r, Y * r, X * r]);
}

/**
 * A tiny seeded PRNG (mulberry32): the scene must not depend on Math.random.
 * @param {number} seed
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
