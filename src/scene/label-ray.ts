// What the 3D view shows under a point of the viewport, pure: the camera ray through the point, marched
// voxel by voxel (Amanatides & Woo) through each drawn layer's dense label grid to the first voxel of a
// drawn label — the voxel whose boundary face the surface view draws there. The nearest hit over all
// layers wins. On the CPU, not vtk's hardware picker: a march is a few hundred steps per layer (≪ 1 ms
// at 128³) and needs no extra render pass, which costs tens of ms under software WebGL.
import type { Shape3, Vec3 } from '../labels/label-volume.ts';
import type { CameraPose } from './scene-camera.ts';
import { voxelAt, type ProbeBase, type ProbeLayer, type SliceProbe } from './slice-probe.ts';

/** A half-line in world coordinates [x, y, z]; `direction` is a unit vector. */
export interface Ray {
  origin: Vec3;
  direction: Vec3;
}

/**
 * The ray of a perspective camera through a viewport point (u, v: 0..1 from its left and top; `aspect`
 * width / height), from the camera's position. vtk's view angle is the vertical one.
 */
export function cameraRay(pose: Pick<CameraPose, 'position' | 'focalPoint' | 'viewUp' | 'viewAngle'>, aspect: number, u: number, v: number): Ray {
  const look = normalized(pose.focalPoint.map((f, i) => f - pose.position[i]!));
  const along = dot(pose.viewUp, look);
  const up = normalized(pose.viewUp.map((c, i) => c - along * look[i]!));
  const right = [look[1]! * up[2]! - look[2]! * up[1]!, look[2]! * up[0]! - look[0]! * up[2]!, look[0]! * up[1]! - look[1]! * up[0]!];
  const tanHalf = Math.tan((pose.viewAngle * Math.PI) / 360);
  const across = (2 * u - 1) * tanHalf * aspect;
  const upward = (1 - 2 * v) * tanHalf;
  return { origin: [...pose.position], direction: normalized(look.map((l, i) => l + right[i]! * across + up[i]! * upward)) as Vec3 };
}

/** Where a ray first meets a drawn label of one layer: the distance along it, the voxel [z, y, x] and the label. */
export interface RayHit {
  t: number;
  voxel: Shape3;
  label: number;
}

/** The first voxel of a drawn label the ray passes through in a layer's grid, or null. */
export function marchLayer(ray: Ray, layer: ProbeLayer): RayHit | null {
  const { shape, spacing, origin, labels, labelIds } = layer.volume;
  const n = [shape[2], shape[1], shape[0]]; // x, y, z
  // Voxel i spans origin ± spacing / 2 around origin + i · spacing.
  const low = origin.map((o, i) => o - spacing[i]! / 2);
  let enter = 0;
  let exit = Infinity;
  for (let i = 0; i < 3; i++) {
    const d = ray.direction[i]!;
    const high = low[i]! + n[i]! * spacing[i]!;
    if (Math.abs(d) < 1e-12) {
      if (ray.origin[i]! < low[i]! || ray.origin[i]! > high) return null;
      continue;
    }
    const [a, b] = [(low[i]! - ray.origin[i]!) / d, (high - ray.origin[i]!) / d];
    enter = Math.max(enter, Math.min(a, b));
    exit = Math.min(exit, Math.max(a, b));
  }
  if (enter > exit) return null;
  const at = ray.origin.map((o, i) => o + ray.direction[i]! * enter);
  const cell = at.map((p, i) => Math.min(n[i]! - 1, Math.max(0, Math.floor((p - low[i]!) / spacing[i]!))));
  const step = ray.direction.map((d) => (d > 0 ? 1 : d < 0 ? -1 : 0));
  // Distance along the ray to the next boundary per axis, and between two boundaries.
  const next = ray.direction.map((d, i) => (d === 0 ? Infinity : (low[i]! + (cell[i]! + (d > 0 ? 1 : 0)) * spacing[i]! - ray.origin[i]!) / d));
  const delta = ray.direction.map((d, i) => (d === 0 ? Infinity : spacing[i]! / Math.abs(d)));
  let t = enter;
  for (;;) {
    const id = labelIds[labels[(cell[2]! * n[1]! + cell[1]!) * n[0]! + cell[0]!]!] ?? 0;
    if (id !== 0 && !layer.hidden?.has(id)) return { t, voxel: [cell[2]!, cell[1]!, cell[0]!], label: id };
    const axis = next[0]! < next[1]! ? (next[0]! < next[2]! ? 0 : 2) : next[1]! < next[2]! ? 1 : 2;
    t = next[axis]!;
    if (t > exit) return null;
    cell[axis]! += step[axis]!;
    if (cell[axis]! < 0 || cell[axis]! >= n[axis]!) return null;
    next[axis]! += delta[axis]!;
  }
}

/** What the 3D view shows under the ray: the nearest drawn label over all shown layers (the later layer on a tie), or null. */
export function probeRay(ray: Ray, layers: readonly ProbeLayer[], base: ProbeBase | null): SliceProbe | null {
  let best: { layer: ProbeLayer; hit: RayHit } | null = null;
  for (const layer of layers) {
    if (!layer.shown) continue;
    const hit = marchLayer(ray, layer);
    if (hit && (!best || hit.t <= best.hit.t)) best = { layer, hit };
  }
  if (!best) return null;
  const { layer, hit } = best;
  const { spacing, origin } = layer.volume;
  // Where the ray enters the voxel, held just inside it: rounded, the source voxel under the pointer.
  const world = [0, 1, 2].map((i) => {
    const centre = origin[i]! + hit.voxel[2 - i]! * spacing[i]!;
    const half = spacing[i]! * 0.499;
    return Math.min(centre + half, Math.max(centre - half, ray.origin[i]! + ray.direction[i]! * hit.t));
  }) as Vec3;
  const found: SliceProbe = { jobId: layer.jobId, label: hit.label, voxel: hit.voxel, sourceVoxel: [Math.round(world[2]), Math.round(world[1]), Math.round(world[0])] };
  const at = base && voxelAt(world, base.shape, base.spacing, [0, 0, 0]);
  return at ? { ...found, intensity: base!.data[(at[0] * base!.shape[1] + at[1]) * base!.shape[2] + at[2]]! } : found;
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}

function normalized(vector: readonly number[]): number[] {
  const length = Math.hypot(...vector) || 1;
  return vector.map((c) => c / length);
}
