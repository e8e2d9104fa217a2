// What the slice view shows under a point of the viewport, pure: the point through the slice camera to a
// world position on the slice plane, then into each layer's voxel grid (top layer first) and the base
// volume's. No vtk here: the scene hands over the camera's numbers and the layers' arrays.
//
// World units are voxels of the full-resolution volume (LabelVolume.spacing is in that frame, and the
// base volume's voxel (0, 0, 0) sits at the world origin), so a world position rounded is a source voxel.
import type { LabelVolume, Shape3, Vec3 } from '../labels/label-volume.ts';
import type { IntensityArray } from './base-slice.ts';
import type { CameraPose } from './scene-camera.ts';

/** A label layer as the probe sees it, top layer last (drawing order). */
export interface ProbeLayer {
  jobId: string;
  volume: Pick<LabelVolume, 'shape' | 'spacing' | 'origin' | 'labels' | 'labelIds'>;
  /** The layer is drawn (visible); a hidden layer is looked through. */
  shown: boolean;
  /** Label ids drawn transparent: the probe looks through them too. */
  hidden?: ReadonlySet<number>;
}

export interface ProbeBase {
  data: IntensityArray;
  shape: Shape3;
  spacing: Vec3;
}

/** What is under the point: the job whose layer holds it (label 0 over background), its voxel and the source voxel, the intensity. */
export interface SliceProbe {
  jobId: string;
  /** Original label id; 0 over background. */
  label: number;
  /** [z, y, x] in the job's preview grid (as drawn, after downsampling). */
  voxel: Shape3;
  /** [z, y, x] in voxels of the full-resolution source volume. */
  sourceVoxel: Shape3;
  /** The base volume's value there, when there is a base volume and the point is inside it. */
  intensity?: number;
}

/**
 * World position [x, y, z] under a viewport point of a parallel (slice) camera. `u`, `v` run 0..1 from
 * the viewport's left and top; `aspect` is its width / height.
 */
export function sliceWorldPoint(pose: Pick<CameraPose, 'position' | 'focalPoint' | 'viewUp' | 'parallelScale'>, aspect: number, u: number, v: number): Vec3 {
  const look = normalized(pose.focalPoint.map((f, i) => f - pose.position[i]!) as Vec3);
  const up = normalized(pose.viewUp);
  // vtk's screen right is the direction of projection × view up.
  const right: Vec3 = [look[1] * up[2] - look[2] * up[1], look[2] * up[0] - look[0] * up[2], look[0] * up[1] - look[1] * up[0]];
  const across = (2 * u - 1) * pose.parallelScale * aspect;
  const upward = (1 - 2 * v) * pose.parallelScale;
  return pose.focalPoint.map((f, i) => f + right[i]! * across + up[i]! * upward) as Vec3;
}

/** The voxel [z, y, x] of a grid whose extent holds the world point, or null outside the grid. */
export function voxelAt(world: Vec3, shape: Shape3, spacing: Vec3, origin: Vec3): Shape3 | null {
  const [x, y, z] = [0, 1, 2].map((i) => Math.round((world[i]! - origin[i]!) / spacing[i]!));
  const voxel: Shape3 = [z!, y!, x!];
  return voxel.every((k, i) => k >= 0 && k < shape[i]!) ? voxel : null;
}

/** What the top-most drawn label under a world point is: null when no layer's grid holds the point. */
export function probeSlice(world: Vec3, layers: readonly ProbeLayer[], base: ProbeBase | null): SliceProbe | null {
  let found: SliceProbe | null = null;
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    if (!layer.shown) continue;
    const { shape, spacing, origin, labels, labelIds } = layer.volume;
    const voxel = voxelAt(world, shape, spacing, origin);
    if (!voxel) continue;
    const id = labelIds[labels[(voxel[0] * shape[1] + voxel[1]) * shape[2] + voxel[2]]!] ?? 0;
    const label = layer.hidden?.has(id) ? 0 : id;
    // Background of the top layer is the answer only if no layer under it draws a label here.
    if (label === 0 && found) continue;
    found = { jobId: layer.jobId, label, voxel, sourceVoxel: [Math.round(world[2]), Math.round(world[1]), Math.round(world[0])] };
    if (label !== 0) break;
  }
  if (!found || !base) return found;
  const at = voxelAt(world, base.shape, base.spacing, [0, 0, 0]);
  if (!at) return found;
  return { ...found, intensity: base.data[(at[0] * base.shape[1] + at[1]) * base.shape[2] + at[2]]! };
}

function normalized(vector: readonly number[]): Vec3 {
  const length = Math.hypot(...vector) || 1;
  return vector.map((c) => c / length) as Vec3;
}
