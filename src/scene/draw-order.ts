// The order translucent props are blended in: farthest first along the view direction.

import type { Vec3 } from '../labels/label-volume.ts';

/** Indices of `centres` (x, y, z per item) ordered farthest first along `direction` from `eye`; stable. */
export function farToNear(centres: ArrayLike<number>, eye: Readonly<Vec3>, direction: Readonly<Vec3>): number[] {
  const count = centres.length / 3;
  const depth = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const d =
      (centres[3 * i]! - eye[0]) * direction[0] + (centres[3 * i + 1]! - eye[1]) * direction[1] + (centres[3 * i + 2]! - eye[2]) * direction[2];
    depth[i] = Number.isFinite(d) ? d : -Infinity; // empty bounds draw nothing: anywhere will do
  }
  return Array.from({ length: count }, (_, i) => i).sort((a, b) => depth[b]! - depth[a]! || a - b);
}
