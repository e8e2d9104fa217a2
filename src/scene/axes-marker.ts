// The orientation marker's geometry, pure: where the world's x, y and z axes point on screen for a
// camera, and the words for it. The element draws it as a small SVG from these numbers, not as a second
// vtk.js renderer: under software WebGL a vtkOrientationMarkerWidget with a vtkAxesActor added ≈ 4 ms
// (median) to a ≈ 45 ms frame, the element update for this SVG ≈ 0.1 ms (CHANGELOG, 0.2.0).
import type { CameraPose } from './scene-camera.ts';

export type AxisName = 'x' | 'y' | 'z';

/** One world axis as the camera sees it. */
export interface MarkerAxis {
  name: AxisName;
  /** Its unit vector on screen: right and down, −1..1 (0, 0 when seen end-on). */
  dx: number;
  dy: number;
  /** Along the view direction: > 0 points away from the viewer. */
  depth: number;
}

/** Shorter than this on screen (of 1), an axis is seen end-on: not drawn. */
export const END_ON = 0.2;

/** The three axes on screen, back to front (the order to draw them in). */
export function markerAxes(pose: Pick<CameraPose, 'position' | 'focalPoint' | 'viewUp'>): MarkerAxis[] {
  const look = normalized(pose.focalPoint.map((f, i) => f - pose.position[i]!));
  // The view up as vtk uses it: made orthogonal to the view direction.
  const along = dot(pose.viewUp, look);
  const up = normalized(pose.viewUp.map((u, i) => u - along * look[i]!));
  // vtk's screen right is the direction of projection × view up (slice-probe.ts does the same).
  const right = [look[1]! * up[2]! - look[2]! * up[1]!, look[2]! * up[0]! - look[0]! * up[2]!, look[0]! * up[1]! - look[1]! * up[0]!];
  const axes = (['x', 'y', 'z'] as const).map((name, i): MarkerAxis => ({ name, dx: right[i]!, dy: -up[i]!, depth: look[i]! }));
  return axes.sort((a, b) => b.depth - a.depth);
}

/** "x right, y down, z into the screen": each axis by the direction it mostly points in (the view direction too). */
export function describeAxes(axes: readonly MarkerAxis[]): string {
  const sorted = [...axes].sort((a, b) => a.name.localeCompare(b.name));
  return sorted.map((axis) => `${axis.name} ${direction(axis)}`).join(', ');
}

function direction({ dx, dy, depth }: MarkerAxis): string {
  if (Math.abs(depth) > Math.max(Math.abs(dx), Math.abs(dy))) return depth > 0 ? 'into the screen' : 'out of the screen';
  if (Math.abs(dx) >= Math.abs(dy)) return dx > 0 ? 'right' : 'left';
  return dy > 0 ? 'down' : 'up';
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}

function normalized(vector: readonly number[]): number[] {
  const length = Math.hypot(...vector) || 1;
  return vector.map((c) => c / length);
}
