// The element's vtk.js scene, as a Lit controller. A LabelScene holds a WebGL context, so it lives only
// while the element is in the page: made after the first render that has its container, disposed on
// disconnect. What a host set must outlive that (a move in the DOM disconnects and reconnects), so it
// is kept here and given to each new scene: the base volume, the layer styles and the cameras. View,
// slice axis, slice, slice style, background and frame budget are the element's properties, read at every update.
// While the scene is out of sight (display: none, scrolled away) its frame queue is paused: previews
// only replace each other in the queue, and the newest is applied once it is seen again.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LabelVolume, Shape3, Vec3 } from './labels/label-volume.ts';
import { checkVoxelCount } from './scene/base-slice.ts';
import {
  LabelScene,
  OBLIQUE_VIEW,
  type FrameStats,
  type IntensityArray,
  type LabelLayerStyle,
  type LayerDrawnListener,
  type SceneCameras,
  type SceneView,
  type SliceAxis,
  type SliceRange,
  type SliceStyle,
} from './scene/label-scene.ts';
import { pixelsPerWorldUnit } from './scale-bar.ts';
import { cameraLens, cameraPose, type CameraPose } from './scene/scene-camera.ts';
import { isSliceAxis } from './scene/slice-axis.ts';
import type { RegionSource } from './scene/scene-regions.ts';
import type { RegionVolume } from './labels/label-regions.ts';
import { cameraRay, probeRay } from './scene/label-ray.ts';
import { probeSlice, type SliceProbe } from './scene/slice-probe.ts';
import { sliceIndex, slicePlanes, slicePosition } from './slice-index.ts';

export interface SceneSettings {
  view: SceneView;
  sliceAxis: SliceAxis;
  /** The wanted slice index (voxel plane of the finest layer); undefined: the middle plane. */
  slice: number | undefined;
  sliceStyle: SliceStyle;
  background: string;
  /** Widget work per animation frame, ms. */
  frameBudgetMs: number;
}

/** The element's attributes the scene follows, as a host may have set them (any string). */
export interface SceneAttributes {
  view: string;
  sliceAxis: string;
  slice: number | undefined;
  sliceStyle: string;
  background: string;
  frameBudgetMs: number;
}

/** The scene settings from the element's attributes; an unknown value keeps the default. */
export function sceneSettings(host: SceneAttributes): SceneSettings {
  const { view, sliceAxis, slice, sliceStyle, background, frameBudgetMs } = host;
  return {
    view: view === 'slice' ? 'slice' : '3d',
    sliceAxis: isSliceAxis(sliceAxis) ? sliceAxis : 'z',
    slice,
    sliceStyle: sliceStyle === 'outline' ? 'outline' : 'filled',
    background,
    frameBudgetMs,
  };
}

interface BaseVolume {
  data: IntensityArray;
  shape: Shape3;
  spacing: Vec3;
}

export class SceneController implements ReactiveController {
  #scene: LabelScene | undefined;
  #connected = false;
  #base: BaseVolume | null = null;
  readonly #styles = new Map<string, LabelLayerStyle>();
  /** Opacity factors of layers an overlay covers (0: hidden), over their own style. */
  readonly #covered = new Map<string, number>();
  /** The region overlay that follows each job's visibility (its change view). */
  readonly #follows = new Map<string, string>();
  #cameras: SceneCameras | null = null;
  /** What the current scene was last given, so an update that changed nothing costs nothing. */
  #shown: Partial<SceneSettings> = {};
  #visibility: IntersectionObserver | undefined;
  #onLayerDrawn: LayerDrawnListener | undefined;
  /** Told every volume a layer is given, in or out of a scene (what the layer shows from then on). */
  readonly #layerListeners: Array<(jobId: string, volume: LabelVolume) => void> = [];
  #onViewChange: (() => void) | undefined;
  /** The axis, planes and world position the slice was last put at: a re-grid keeps the position, not the index. */
  #placed: { axis: SliceAxis; range: SliceRange; position: number } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The element's scene settings, read at every update. */
    private readonly settings: () => SceneSettings,
    /** The element that holds the canvas, once rendered. */
    private readonly container: () => HTMLElement | null,
    /** Told the index that keeps the slice at its world z after the finest layer's grid changed. */
    private readonly reindexSlice: (index: number) => void = () => undefined,
    /** The fraction of the scene's width the panel covers on the right, asked whenever the cameras are fitted. */
    private readonly fitInset: () => number = () => 0,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    // A moved element is reconnected without any property change: ask for the update that makes the scene.
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    // Lit also updates a disconnected element whose properties change; no WebGL context for it.
    if (!this.#connected) return;
    this.#scene ??= this.#create();
    const scene = this.#scene;
    if (!scene) return;
    const { view, sliceAxis, sliceStyle, background, frameBudgetMs } = this.settings();
    if (view !== this.#shown.view) scene.setView(view);
    if (sliceAxis !== this.#shown.sliceAxis) scene.setSliceAxis(sliceAxis);
    if (sliceStyle !== this.#shown.sliceStyle) scene.setSliceStyle(sliceStyle);
    if (background !== this.#shown.background) scene.setBackground(background);
    if (frameBudgetMs !== this.#shown.frameBudgetMs) scene.setFrameBudget(frameBudgetMs);
    this.#shown = { view, sliceAxis, sliceStyle, background, frameBudgetMs };
    const range = scene.sliceRange();
    if (!range) return;
    const placed = this.#placed?.axis === sliceAxis ? this.#placed : undefined;
    const wanted = this.settings().slice;
    if (placed && wanted !== undefined && (placed.range.min !== range.min || placed.range.step !== range.step)) {
      // A preview on a new grid (CryoMamba's final one) must not move the slice through the volume.
      const index = sliceIndex((placed.position - range.min) / range.step, slicePlanes(range));
      this.#placed = { axis: sliceAxis, range, position: placed.position };
      if (index !== wanted) return this.reindexSlice(index);
    }
    const position = slicePosition(range, this.sliceIndex());
    this.#placed = { axis: sliceAxis, range, position };
    if (position !== scene.slice) scene.setSlice(position);
  }

  hostDisconnected(): void {
    this.#connected = false;
    if (this.#scene) this.#cameras = this.#scene.cameras();
    this.#visibility?.disconnect();
    this.#visibility = undefined;
    this.#scene?.dispose();
    this.#scene = undefined;
    this.#shown = {};
    this.#placed = undefined;
  }

  /** The axis the slice view's planes are stacked along. */
  sliceAxis(): SliceAxis {
    return this.settings().sliceAxis;
  }

  /** Voxel planes the slice slider steps through (0 before any preview). */
  slicePlanes(): number {
    // The element's axis, which the scene takes only after this render.
    return slicePlanes(this.#scene?.sliceRange(this.settings().sliceAxis) ?? null);
  }

  /** The slice index shown, the element's wish kept in range. */
  sliceIndex(): number {
    return sliceIndex(this.settings().slice, this.slicePlanes());
  }

  /** What the view shows under a viewport point (u, v: 0..1 from its left, top): in slice view the plane's voxel, in 3D the nearest drawn label; null off every layer. */
  probe(u: number, v: number): SliceProbe | null {
    const scene = this.#scene;
    if (!scene) return null;
    const world = scene.slicePoint(u, v);
    if (world) return probeSlice(world, scene.probeLayers(), this.#base);
    const box = this.container()?.getBoundingClientRect();
    if (!box || !(box.width > 0 && box.height > 0) || !scene.cameras() || scene.camera.getParallelProjection()) return null;
    return probeRay(cameraRay(cameraPose(scene.camera), box.width / box.height, u, v), scene.probeLayers(), this.#base);
  }

  resetView(): void {
    this.#scene?.resetView();
  }

  /** Tells `listener` when a layer's newest preview is on screen (LabelScene.onLayerDrawn), in this scene and the next. */
  listenDrawn(listener: LayerDrawnListener): void {
    this.#onLayerDrawn = listener;
  }

  /** Tells `listener` when the shown camera may have moved or the viewport resized, in this scene and the next. */
  listenView(listener: () => void): void {
    this.#onViewChange = listener;
  }

  /** CSS pixels per world unit (source voxel) at the shown camera's focal plane, in a viewport `heightPx` CSS pixels high; NaN without a scene or content. */
  pixelsPerVoxel(heightPx: number): number {
    // Before the first content the cameras are vtk's defaults, fitted to nothing: no scale to tell.
    return this.#scene?.cameras() ? pixelsPerWorldUnit(cameraLens(this.#scene.camera), heightPx) : Number.NaN;
  }

  /** Where the shown camera is and how it looks; null without a scene or content. */
  viewPose(): CameraPose | null {
    return this.#scene?.cameras() ? cameraPose(this.#scene.camera) : null;
  }

  /** The frame queue's accounting (frame-queue.ts), or undefined while there is no scene. */
  frameStats(): FrameStats | undefined {
    return this.#scene?.frameStats();
  }

  snapshot(): Promise<Blob> {
    if (!this.#scene) throw new Error('preview-overlay: nothing to snapshot before the element is connected.');
    return this.#scene.snapshot();
  }

  setLayer(jobId: string, volume: LabelVolume): void {
    this.#scene?.setLayer(jobId, volume);
    for (const listener of this.#layerListeners) listener(jobId, volume);
  }

  /** Tells `listener` every volume a job's layer takes (a live preview, or a stored one). */
  listenLayers(listener: (jobId: string, volume: LabelVolume) => void): void {
    this.#layerListeners.push(listener);
  }

  /** Styles a job's layer, now and in every scene to come, whether or not its first preview came yet. */
  setLayerStyle(jobId: string, style: LabelLayerStyle): void {
    this.#styles.set(jobId, { ...this.#styles.get(jobId), ...style });
    this.#scene?.setLayerStyle(jobId, this.#coveredStyle(jobId, style));
    const region = this.#follows.get(jobId);
    if (region !== undefined && style.visible !== undefined) this.#scene?.regions.setVisible(region, style.visible);
  }

  /** Dims a layer under an overlay (its opacity times `factor`; 0 hides it; 1 as it was), in this scene and the next. */
  coverLayer(jobId: string, factor: number): void {
    if (factor === (this.#covered.get(jobId) ?? 1)) return;
    if (factor === 1) this.#covered.delete(jobId);
    else this.#covered.set(jobId, factor);
    this.#scene?.setLayerStyle(jobId, this.#coveredStyle(jobId, {}));
  }

  /**
   * Computes and shows a region overlay (scene-regions.ts) in the scene; null removes it. Not kept for a
   * next scene: the next previews bring it back. With `follows`, it is shown only while that job's layer is.
   */
  setRegion<T extends { region: RegionVolume | null }>(key: string, source: RegionSource<T> | null, follows?: string): void {
    this.#scene?.regions.set(key, source);
    if (follows === undefined || !source) return;
    this.#follows.set(follows, key);
    this.#scene?.regions.setVisible(key, this.#styles.get(follows)?.visible !== false);
  }

  /** A style as the scene gets it: opacity and visibility as the layer's cover says. */
  #coveredStyle(jobId: string, style: LabelLayerStyle): LabelLayerStyle {
    const own = { ...this.#styles.get(jobId), ...style };
    const factor = this.#covered.get(jobId) ?? 1;
    return { ...style, opacity: (own.opacity ?? 1) * factor, visible: (own.visible ?? true) && factor > 0 };
  }

  removeLayer(jobId: string): void {
    this.#styles.delete(jobId);
    this.#covered.delete(jobId);
    this.#follows.delete(jobId);
    this.#scene?.removeLayer(jobId);
  }

  /** Sets (null: removes) the base volume; a wrong voxel count throws here, connected or not. */
  setBaseVolume(base: BaseVolume | null): void {
    if (base) checkVoxelCount(base.data, base.shape);
    this.#base = base;
    if (base) this.#scene?.setBaseVolume(base.data, base.shape, base.spacing);
    else this.#scene?.setBaseVolume(null);
  }

  #create(): LabelScene | undefined {
    const container = this.container();
    if (!container) return undefined;
    const { background, sliceAxis, frameBudgetMs } = this.settings();
    const scene = new LabelScene(container, { background, sliceAxis, viewDirection: OBLIQUE_VIEW, cameras: this.#cameras, frameBudgetMs, fitInset: this.fitInset });
    this.#shown = { background, sliceAxis, frameBudgetMs };
    scene.onLayerDrawn = (jobId, drawn) => this.#onLayerDrawn?.(jobId, drawn);
    scene.onViewChange = () => this.#onViewChange?.();
    // Paused until the observer's first report says the container can be seen.
    scene.setPaused(true);
    this.#visibility = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) scene.setPaused(!entry.isIntersecting);
    });
    this.#visibility.observe(container);
    for (const [jobId, style] of this.#styles) scene.setLayerStyle(jobId, this.#coveredStyle(jobId, style));
    if (this.#base) scene.setBaseVolume(this.#base.data, this.#base.shape, this.#base.spacing);
    return scene;
  }
}
