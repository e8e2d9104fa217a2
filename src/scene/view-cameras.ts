// The scene's two cameras, 3D and slice, and where the slice is: fitted to the content when it first
// arrives in an empty scene (never on later previews), then left where the user puts them, and handed
// to the next scene as SceneCameras. scene-camera.ts places them.
import type { SceneView } from './label-layer.ts';
import { cameraPose, fitPerspective, fitSlice, moveSliceCamera, setCameraPose, type Bounds, type CameraPose, type ViewDirection } from './scene-camera.ts';
import type { SliceAxis } from './slice-axis.ts';
import { vtkCamera, type Camera } from './vtk.ts';

/** Both cameras and the slice position: what a new scene needs to show the view an old one showed. */
export interface SceneCameras {
  view3d: CameraPose;
  slice: CameraPose;
  /** World position along the slice axis. */
  sliceZ: number;
}

export interface ViewCameraOptions {
  /** Direction the 3D camera looks along when it is fitted, [x, y, z]. Default: straight down +z. */
  viewDirection?: ViewDirection;
  /** Start from these cameras (another scene's, before a remount) instead of fitting to the first content. */
  cameras?: SceneCameras | null;
  /** The fraction of the viewport's width a panel covers on the right, asked at each fit: content is fitted beside it. */
  fitInset?: () => number;
}

export class ViewCameras {
  readonly camera3d: Camera;
  readonly cameraSlice: Camera;
  private readonly viewDirection: ViewDirection | undefined;
  private readonly fitInset: () => number;
  /** World position of the slice along the slice axis; null until fitted or set. */
  sliceZ: number | null = null;
  /** True while the cameras wait to be fitted to the first content. */
  needsFit = true;

  /** `onMove` runs whenever either camera is modified. */
  constructor(options: ViewCameraOptions, onMove: () => void) {
    this.camera3d = vtkCamera.newInstance();
    this.cameraSlice = vtkCamera.newInstance();
    this.cameraSlice.setParallelProjection(true);
    for (const camera of [this.camera3d, this.cameraSlice]) camera.onModified(onMove);
    this.viewDirection = options.viewDirection;
    this.fitInset = options.fitInset ?? (() => 0);
    if (options.cameras) {
      setCameraPose(this.camera3d, options.cameras.view3d);
      setCameraPose(this.cameraSlice, options.cameras.slice);
      this.sliceZ = options.cameras.sliceZ;
      this.needsFit = false;
    }
  }

  /** The camera of a view. */
  of(view: SceneView): Camera {
    return view === '3d' ? this.camera3d : this.cameraSlice;
  }

  /** The world position along the slice axis that the slice view shows. */
  get slice(): number {
    return this.sliceZ ?? 0;
  }

  /** Moves the slice camera to a world position along the axis, keeping the user's pan and zoom. */
  moveSlice(axis: SliceAxis, position: number): void {
    moveSliceCamera(this.cameraSlice, axis, position);
  }

  /** Fits both cameras to the content in a drawing buffer of this size (device pixels). */
  fit(bounds: Bounds, axis: SliceAxis, size: readonly [number, number]): void {
    fitPerspective(this.camera3d, bounds, this.viewDirection, aspect(size), this.inset());
    this.fitSlice(bounds, axis, size);
  }

  fitSlice(bounds: Bounds, axis: SliceAxis, size: readonly [number, number]): void {
    fitSlice(this.cameraSlice, bounds, axis, this.slice, aspect(size), this.inset());
  }

  poses(): SceneCameras {
    return { view3d: cameraPose(this.camera3d), slice: cameraPose(this.cameraSlice), sliceZ: this.slice };
  }

  delete(): void {
    this.camera3d.delete();
    this.cameraSlice.delete();
  }

  /** The panel's share of the width, ignored when it leaves too little room to fit anything beside it. */
  private inset(): number {
    const inset = this.fitInset();
    return Number.isFinite(inset) && inset > 0 && inset <= 0.5 ? inset : 0;
  }
}

function aspect([width, height]: readonly [number, number]): number {
  return width > 0 && height > 0 ? width / height : 1;
}
