// Camera placement for the two views. Both look along +z with y pointing down the screen, so x runs to
// the right and row 0 is at the top, like an image, and switching views never mirrors the picture.
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

/** Perspective camera that shows the whole box (what vtkRenderer.resetCamera does, for a given camera). */
export function fitPerspective(camera: Camera, bounds: Bounds, direction: ViewDirection = STRAIGHT_VIEW): void {
  const [cx, cy, cz] = center(bounds);
  const radius = Math.max(1e-6, Math.hypot(bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4]) / 2);
  const halfAngle = (camera.getViewAngle() * Math.PI) / 360;
  const distance = radius / Math.sin(halfAngle);
  const length = Math.hypot(...direction);
  const [dx, dy, dz] = direction.map((component) => component / length) as ViewDirection;
  camera.setParallelProjection(false);
  camera.setFocalPoint(cx, cy, cz);
  camera.setPosition(cx - dx * distance, cy - dy * distance, cz - dz * distance);
  camera.setViewUp(0, -1, 0);
  camera.orthogonalizeViewUp();
}

/** Parallel camera on the plane z that shows the box's x/y extent in a viewport of this aspect (w/h). */
export function fitSlice(camera: Camera, bounds: Bounds, z: number, aspect: number): void {
  const [cx, cy] = center(bounds);
  const halfWidth = (bounds[1] - bounds[0]) / 2;
  const halfHeight = (bounds[3] - bounds[2]) / 2;
  const distance = Math.max(1, bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4]);
  camera.setParallelProjection(true);
  camera.setFocalPoint(cx, cy, z);
  camera.setPosition(cx, cy, z - distance);
  camera.setViewUp(0, -1, 0);
  camera.setParallelScale(1.05 * Math.max(halfHeight, halfWidth / Math.max(aspect, 1e-6), 1e-6));
}

/** Moves a slice camera to plane z, keeping the user's pan and zoom. */
export function moveSliceCamera(camera: Camera, z: number): void {
  const [fx, fy, fz] = camera.getFocalPoint();
  const [px, py, pz] = camera.getPosition();
  camera.setFocalPoint(fx, fy, z);
  camera.setPosition(px, py, pz + (z - fz));
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
