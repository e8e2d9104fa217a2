// Camera placement for the two views. The 3D view and a z slice look along +z with y pointing down the
// screen, so x runs to the right and row 0 is at the top, like an image, and switching views never
// mirrors the picture; a y or x slice is seen as slice-axis.ts orients it.
import { sliceFrame, worldAxis, type SliceAxis } from './slice-axis.ts';
import type { Camera } from './vtk.ts';

/** [xmin, xmax, ymin, ymax, zmin, zmax] */
export type Bounds = [number, number, number, number, number, number];

/** Bounding box of all boxes, or null when there are none. */
export function unionBounds(boxes: readonly (readonly number[])[]): Bounds | null {
  if (boxes.length === 0) return null;
  const out: Bounds = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
  for (const box of boxes) {
    for (let axis = 0; axis < 3; axis += 1) {
      out[2 * axis] = Math.min(out[2 * axis]!, box[2 * axis] ?? Infinity);
      out[2 * axis + 1] = Math.max(out[2 * axis + 1]!, box[2 * axis + 1] ?? -Infinity);
    }
  }
  return out;
}

function center(b: Bounds): [number, number, number] {
  return [(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2];
}

export type ViewDirection = [x: number, y: number, z: number];

/** Straight down +z, like the slice view. */
export const STRAIGHT_VIEW: ViewDirection = [0, 0, 1];

/**
 * Turned a little to the side and from above, so that depth reads at first sight, yet small enough
 * that x still runs right and y down, as in the slice view.
 */
export const OBLIQUE_VIEW: ViewDirection = [-0.35, -0.3, 1];

/**
 * Perspective camera that shows the whole box (what vtkRenderer.resetCamera does, for a given camera) in
 * the part of a viewport of this aspect (w/h) left free by `inset`, the fraction of its width that the
 * panel covers on the right: the box is centred in the free part, and fits its width too.
 */
export function fitPerspective(camera: Camera, bounds: Bounds, direction: ViewDirection = STRAIGHT_VIEW, aspect = 1, inset = 0): void {
  const middle = center(bounds);
  const radius = Math.max(1e-6, Math.hypot(bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4]) / 2);
  const tanHalf = Math.tan((camera.getViewAngle() * Math.PI) / 360);
  const freeAspect = Math.max(1e-6, aspect * (1 - inset));
  // The narrower of the free part's two half-angles decides how far back the camera stands.
  const distance = radius / Math.sin(Math.atan(tanHalf * Math.min(1, freeAspect)));
  const length = Math.hypot(...direction);
  const look = direction.map((component) => component / length) as ViewDirection;
  // Screen right = look × up, with up = −y (image convention) made orthogonal to look.
  const right = normalized(cross(look, [0, -1, 0]));
  const shift = inset * distance * tanHalf * aspect;
  const focal = middle.map((c, i) => c + right[i]! * shift) as [number, number, number];
  camera.setParallelProjection(false);
  camera.setFocalPoint(...focal);
  camera.setPosition(focal[0] - look[0] * distance, focal[1] - look[1] * distance, focal[2] - look[2] * distance);
  camera.setViewUp(0, -1, 0);
  camera.orthogonalizeViewUp();
}

function cross(a: readonly number[], b: readonly number[]): [number, number, number] {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

function normalized(v: readonly number[]): [number, number, number] {
  const length = Math.hypot(...v) || 1;
  return [v[0]! / length, v[1]! / length, v[2]! / length];
}

/**
 * Parallel camera on the slice plane at `position` along `axis` that shows the box's in-plane extent in
 * a viewport of this aspect (w/h), in the part of it that the panel (`inset`, a fraction of its width on
 * the right) leaves free.
 */
export function fitSlice(camera: Camera, bounds: Bounds, axis: SliceAxis, position: number, aspect: number, inset = 0): void {
  const { right, down, look } = sliceFrame(axis);
  const focal = center(bounds);
  focal[worldAxis(axis)] = position;
  const extent = (unit: readonly number[]) => unit.reduce((sum, u, i) => sum + Math.abs(u) * (bounds[2 * i + 1]! - bounds[2 * i]!), 0);
  const distance = Math.max(1, bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4]);
  const scale = 1.05 * Math.max(extent(down) / 2, extent(right) / 2 / Math.max(aspect * (1 - inset), 1e-6), 1e-6);
  // The box's centre goes to the middle of the free part: the focal point lies right of it by half the panel.
  for (let i = 0; i < 3; i += 1) focal[i] = focal[i]! + right[i]! * inset * scale * aspect;
  camera.setParallelProjection(true);
  camera.setFocalPoint(...focal);
  camera.setPosition(focal[0] - look[0] * distance, focal[1] - look[1] * distance, focal[2] - look[2] * distance);
  camera.setViewUp(-down[0], -down[1], -down[2]);
  camera.setParallelScale(scale);
}

/** Moves a slice camera to the plane at `position` along `axis`, keeping the user's pan and zoom. */
export function moveSliceCamera(camera: Camera, axis: SliceAxis, position: number): void {
  const w = worldAxis(axis);
  const focal = camera.getFocalPoint();
  const place = camera.getPosition();
  const shift = position - focal[w]!;
  const moved = (point: readonly number[]): [number, number, number] => [0, 1, 2].map((i) => point[i]! + (i === w ? shift : 0)) as [number, number, number];
  camera.setFocalPoint(...moved(focal));
  camera.setPosition(...moved(place));
}

/** Where a camera is and how it looks: enough to put a new camera exactly where an old one was. */
export interface CameraPose {
  position: [number, number, number];
  focalPoint: [number, number, number];
  viewUp: [number, number, number];
  viewAngle: number;
  parallelScale: number;
}

export function cameraPose(camera: Camera): CameraPose {
  const [px, py, pz] = camera.getPosition();
  const [fx, fy, fz] = camera.getFocalPoint();
  const [ux, uy, uz] = camera.getViewUp();
  return {
    position: [px, py, pz],
    focalPoint: [fx, fy, fz],
    viewUp: [ux, uy, uz],
    viewAngle: camera.getViewAngle(),
    parallelScale: camera.getParallelScale(),
  };
}

export function setCameraPose(camera: Camera, pose: CameraPose): void {
  camera.setPosition(...pose.position);
  camera.setFocalPoint(...pose.focalPoint);
  camera.setViewUp(...pose.viewUp);
  camera.setViewAngle(pose.viewAngle);
  camera.setParallelScale(pose.parallelScale);
}

/** What decides the world length the camera's viewport spans (scale-bar.ts's CameraLens). */
export function cameraLens(camera: Camera): { parallel: boolean; parallelScale: number; viewAngle: number; distance: number } {
  return { parallel: camera.getParallelProjection(), parallelScale: camera.getParallelScale(), viewAngle: camera.getViewAngle(), distance: camera.getDistance() };
}
