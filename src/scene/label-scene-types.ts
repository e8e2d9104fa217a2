// The shapes of LabelScene's API (label-scene.ts): what a scene is made with, what it counts, and the
// scene types its callers use, each from the file that defines it.
import type { SliceAxis } from './slice-axis.ts';
import type { ViewCameraOptions } from './view-cameras.ts';

export type { IntensityArray } from './base-slice.ts';
export type { FrameRecord, FrameStats } from './frame-stats.ts';
export type { LabelLayerStyle, SceneView } from './label-layer.ts';
export type { LayerDrawnListener } from './scene-layers.ts';
export type { SliceAxis } from './slice-axis.ts';
export type { SliceStyle } from './slice-layer.ts';
export type { SliceRange } from './slice-stack.ts';
export type { SceneCameras } from './view-cameras.ts';

export interface LabelSceneOptions extends ViewCameraOptions {
  /** Any CSS colour, or 'transparent' to let the host's own canvas show through. Default 'black'. */
  background?: string;
  /** Widget work per animation frame, ms (queued changes beyond it wait for the next frame). Default 4. */
  frameBudgetMs?: number;
  /** The axis the slice view's planes are stacked along (slice-axis.ts). Default 'z'. */
  sliceAxis?: SliceAxis;
}

export interface LabelSceneStats {
  /** Live label layers. */
  layers: number;
  /** Renders the scene has drawn (interaction-driven redraws by vtk's interactor are not counted). */
  renders: number;
  /** Previews whose arrays were handed to vtk (skipped unchanged previews are not counted). */
  uploads: number;
  /** vtk props (actors, image slices) ever created for label layers. */
  propsCreated: number;
}
