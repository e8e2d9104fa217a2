// Where the layers' slice planes lie along the slice axis, pure: the range a slice slider covers, the
// planes of the finest layer, the middle plane a fitted slice starts at, and how far one stacking order
// lifts a layer's slice toward the camera (slice-plane.ts has the convention).
import type { Bounds } from './scene-camera.ts';
import { worldAxis, type AxisPlanes, type SliceAxis } from './slice-axis.ts';
import { STACK_STEP } from './slice-plane.ts';

/** The slice positions that mean something: world position along the slice axis of the first and last voxel plane. */
export interface SliceRange {
  min: number;
  max: number;
  /** Spacing along the axis of the finest layer: a slider over min + i * step visits each of its planes. */
  step: number;
}

/** The planes of the layer finest along the axis (each layer's planes along it), or null without layers. */
export function finestPlanes(layers: Iterable<AxisPlanes>): AxisPlanes | null {
  let finest: AxisPlanes | null = null;
  for (const planes of layers) {
    if (!finest || planes.step < finest.step) finest = planes;
  }
  return finest;
}

/** World positions of the first and last voxel planes over all layers, and the finest layer's plane step. */
export function sliceRange(layers: readonly AxisPlanes[]): SliceRange | null {
  const finest = finestPlanes(layers);
  if (!finest) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const planes of layers) {
    min = Math.min(min, planes.origin);
    max = Math.max(max, planes.origin + (planes.count - 1) * planes.step);
  }
  return { min, max, step: finest.step };
}

/** Mid-volume along the slice axis, on a plane of the finest layer. */
export function middlePlane(bounds: Bounds, axis: SliceAxis, finest: AxisPlanes | null): number {
  const { origin, step } = finest ?? { origin: 0, step: 1 };
  const w = worldAxis(axis);
  return origin + Math.round(((bounds[2 * w]! + bounds[2 * w + 1]!) / 2 - origin) / step) * step;
}

/** How far one stacking order lifts a slice toward the camera: a fraction of the finest layer's plane step. */
export function stackLift(finest: AxisPlanes | null): number {
  return STACK_STEP * (finest?.step ?? 1);
}
