// The vtk.js scene of <preview-overlay> (main thread): one label layer per job, a 3D surface view and a
// 2D slice view. Every change waits in one FrameQueue and is applied within a per-frame time budget,
// followed by at most one render per animation frame (frame-queue.ts).
//
// Design notes
// - 3D draws each job's precomputed boundary surface (surface-layer.ts explains why not volumes).
// - The slice view shows slices of the dense labels along z, y or x (slice-axis.ts); `setSlice(p)` takes
//   a WORLD position along that axis and each layer shows its own voxel round((p - origin) / spacing)
//   there (slice-plane.ts has the full convention).
// - vtk objects are created once per layer; previews swap arrays in place. The camera is fitted only
//   when content arrives in an empty scene, never on later previews.
// - The base intensity volume is drawn in the slice view only (base-slice.ts says why).
// - dispose() deletes every vtk object and gives the WebGL context back (scene-canvas.ts).
import type { LabelVolume, Shape3, Vec3 } from '../labels/label-volume.ts';
import { BaseSlice, type IntensityArray } from './base-slice.ts';
import { LabelLayer, type LabelLayerStyle, type LayerSink, type SceneView } from './label-layer.ts';
import { FrameQueue } from './frame-queue.ts';
import type { FrameStats } from './frame-stats.ts';
import {
  cameraPose,
  fitPerspective,
  fitSlice,
  moveSliceCamera,
  setCameraPose,
  unionBounds,
  type Bounds,
  type CameraPose,
  type ViewDirection,
} from './scene-camera.ts';
export { OBLIQUE_VIEW, STRAIGHT_VIEW, type ViewDirection } from './scene-camera.ts';
import { SceneCanvas } from './scene-canvas.ts';
import { SceneRegions } from './scene-regions.ts';
import { worldAxis, type AxisPlanes, type SliceAxis } from './slice-axis.ts';
import type { SliceStyle } from './slice-layer.ts';
import { STACK_STEP } from './slice-plane.ts';
import { sliceWorldPoint, type ProbeLayer } from './slice-probe.ts';
import { vtkCamera, type Camera, type Renderer } from './vtk.ts';

export type { IntensityArray } from './base-slice.ts';
export type { FrameRecord, FrameStats } from './frame-stats.ts';
export type { LabelLayerStyle, SceneView } from './label-layer.ts';
export type { SliceAxis } from './slice-axis.ts';
export type { SliceStyle } from './slice-layer.ts';

export interface LabelSceneOptions {
  /** Any CSS colour, or 'transparent' to let the host's own canvas show through. Default 'black'. */
  background?: string;
  /** Direction the 3D camera looks along when it is fitted, [x, y, z]. Default: straight down +z. */
  viewDirection?: ViewDirection;
  /** Widget work per animation frame, ms (queued changes beyond it wait for the next frame). Default 4. */
  frameBudgetMs?: number;
  /** Start from these cameras (another scene's, before a remount) instead of fitting to the first content. */
  cameras?: SceneCameras | null;
  /** The axis the slice view's planes are stacked along (slice-axis.ts). Default 'z'. */
  sliceAxis?: SliceAxis;
  /** The fraction of the viewport's width a panel covers on the right, asked at each fit: content is fitted beside it. */
  fitInset?: () => number;
}

/** Both cameras and the slice position: what a new scene needs to show the view an old one showed. */
export interface SceneCameras {
  view3d: CameraPose;
  slice: CameraPose;
  /** World position along the slice axis. */
  sliceZ: number;
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

/** A job's preview (`volume`, as given to setLayer) is on screen: every change it caused was applied and drawn. */
export type LayerDrawnListener = (jobId: string, drawn: { mainThreadMs: number; volume: LabelVolume }) => void;

/** The slice positions that mean something: world position along the slice axis of the first and last voxel plane. */
export interface SliceRange {
  min: number;
  max: number;
  /** Spacing along the axis of the finest layer: a slider over min + i * step visits each of its planes. */
  step: number;
}

export class LabelScene {
  private readonly canvas: SceneCanvas;
  private readonly renderer: Renderer;
  private readonly camera3d: Camera;
  private readonly viewDirection: ViewDirection | undefined;
  private readonly fitInset: () => number;
  private readonly cameraSlice: Camera;
  private readonly queue: FrameQueue;
  private readonly sink: LayerSink;
  /** The change view and comparison overlays (scene-regions.ts), drawn over every layer. */
  readonly regions: SceneRegions;
  private readonly layers = new Map<string, LabelLayer>();
  /** Styles set before a job's first preview, applied when its layer is created. */
  private readonly pendingStyles = new Map<string, LabelLayerStyle>();
  private base: BaseSlice | null = null;
  private view: SceneView = '3d';
  private sliceAxis: SliceAxis;
  /** World position of the slice along sliceAxis. */
  private sliceZ: number | null = null;
  private sliceStyle: SliceStyle = 'filled';
  private needsFit = true;
  private disposed = false;
  private readonly counters = { renders: 0, uploads: 0, propsCreated: 0 };

  /** Told after each frame that completes a layer's pass (layer-passes.ts; see LayerDrawnListener). */
  onLayerDrawn: LayerDrawnListener | undefined;
  /** Told when the shown camera may have moved, or the viewport changed size (the scale bar follows). */
  onViewChange: (() => void) | undefined;

  constructor(container: HTMLElement, options: LabelSceneOptions = {}) {
    this.queue = new FrameQueue(() => this.draw(), { budgetMs: options.frameBudgetMs });
    this.queue.onDrawn = () => this.reportDrawn();
    this.canvas = new SceneCanvas(container, () => (this.requestRender(), this.onViewChange?.()));
    this.renderer = this.canvas.renderer;
    this.sink = {
      add: (prop) => {
        this.renderer.addViewProp(prop);
        this.counters.propsCreated += 1;
      },
      // After dispose the renderer is gone with the canvas; the props are only deleted then.
      remove: (prop) => {
        if (!this.disposed) this.renderer.removeViewProp(prop);
      },
    };
    this.regions = new SceneRegions(this.queue, this.sink);
    this.camera3d = vtkCamera.newInstance();
    this.cameraSlice = vtkCamera.newInstance();
    this.cameraSlice.setParallelProjection(true);
    for (const camera of [this.camera3d, this.cameraSlice]) camera.onModified(() => this.onViewChange?.());
    this.renderer.setActiveCamera(this.camera3d);
    this.canvas.setInteraction(this.view);
    this.viewDirection = options.viewDirection;
    this.fitInset = options.fitInset ?? (() => 0);
    this.sliceAxis = options.sliceAxis ?? 'z';
    this.setBackground(options.background ?? 'black');
    if (options.cameras) {
      setCameraPose(this.camera3d, options.cameras.view3d);
      setCameraPose(this.cameraSlice, options.cameras.slice);
      this.sliceZ = options.cameras.sliceZ;
      this.needsFit = false;
    }
  }

  /**
   * Shows a job's preview. The first call creates the layer; later calls update it in place. Either way
   * the vtk work is queued: the preview appears over the next frames, within the frame budget.
   */
  setLayer(jobId: string, volume: LabelVolume): void {
    if (this.disposed) return;
    const start = performance.now();
    this.acceptLayer(jobId, volume);
    this.queue.charge(jobId, performance.now() - start);
  }

  private acceptLayer(jobId: string, volume: LabelVolume): void {
    let layer = this.layers.get(jobId);
    if (!layer) {
      layer = new LabelLayer(jobId, volume, this.queue, this.sink);
      this.layers.set(jobId, layer);
      layer.setView(this.view);
      layer.setSliceStyle(this.sliceStyle);
      const pending = this.pendingStyles.get(jobId);
      if (pending) layer.setStyle(pending);
      this.pendingStyles.delete(jobId);
    } else if (!layer.setVolume(volume)) {
      return;
    }
    this.counters.uploads += 1;
    this.fitIfNew();
    // No draw asked: the preview's queued work draws when it runs (a preview waiting for a pass draws nothing).
    this.restack();
  }

  /** Styles a job's layer; a style set before its first preview is kept until the layer exists. */
  setLayerStyle(jobId: string, style: LabelLayerStyle): void {
    if (this.disposed) return;
    const layer = this.layers.get(jobId);
    if (!layer) {
      this.pendingStyles.set(jobId, { ...this.pendingStyles.get(jobId), ...style });
      return;
    }
    layer.setStyle(style);
  }

  /** Removes a job's layer and frees its vtk objects (their GL resources go at the next render). */
  removeLayer(jobId: string): void {
    this.pendingStyles.delete(jobId);
    const layer = this.layers.get(jobId);
    if (!layer) return;
    layer.delete();
    this.layers.delete(jobId);
    this.queue.takeOwnerMs(jobId);
    if (this.layers.size === 0 && !this.base) this.needsFit = true;
    this.restack();
    this.requestRender();
  }

  setView(view: SceneView): void {
    if (this.disposed || view === this.view) return;
    this.view = view;
    for (const layer of this.layers.values()) layer.setView(view);
    this.regions.setView(view);
    this.base?.setShown(view === 'slice');
    this.renderer.setActiveCamera(view === '3d' ? this.camera3d : this.cameraSlice);
    this.canvas.setInteraction(view);
    this.requestRender();
    this.onViewChange?.();
  }

  /** The camera of the view shown. */
  get camera(): Camera {
    return this.view === '3d' ? this.camera3d : this.cameraSlice;
  }

  /** Moves the slice view to a world position along the slice axis; each layer shows its plane there (slice-plane.ts). */
  setSlice(position: number): void {
    if (this.disposed || !Number.isFinite(position)) return;
    this.sliceZ = position;
    this.placeSlices();
    moveSliceCamera(this.cameraSlice, this.sliceAxis, position);
    this.requestRender();
  }

  /** Stacks the slice planes along another axis: the slice moves to its middle plane and the slice camera is refitted. */
  setSliceAxis(axis: SliceAxis): void {
    if (this.disposed || axis === this.sliceAxis) return;
    this.sliceAxis = axis;
    const bounds = this.contentBounds();
    if (bounds) {
      this.sliceZ = this.middlePlane(bounds);
      this.fitSliceCamera(bounds);
    }
    this.restack();
    this.requestRender();
  }

  setSliceStyle(style: SliceStyle): void {
    if (this.disposed || style === this.sliceStyle) return;
    this.sliceStyle = style;
    for (const layer of this.layers.values()) layer.setSliceStyle(style);
    this.requestRender();
  }

  /** CSS colour or 'transparent'. Returns false (and changes nothing) if `color` is not a CSS colour. */
  setBackground(color: string): boolean {
    if (this.disposed || !this.canvas.setBackground(color)) return false;
    this.requestRender();
    return true;
  }

  /** Grayscale intensity volume under the labels in the slice view; null removes it. */
  setBaseVolume(data: null): void;
  setBaseVolume(data: IntensityArray, shape: Shape3, spacing: Vec3): void;
  setBaseVolume(data: IntensityArray | null, shape?: Shape3, spacing?: Vec3): void {
    if (this.disposed) return;
    if (data === null || !shape || !spacing) {
      if (this.base) {
        this.renderer.removeViewProp(this.base.slice);
        this.base.delete();
        this.base = null;
        if (this.layers.size === 0) this.needsFit = true;
      }
    } else if (this.base) {
      this.base.setVolume(data, shape, spacing);
    } else {
      this.base = new BaseSlice(data, shape, spacing);
      this.base.setShown(this.view === 'slice');
      this.renderer.addViewProp(this.base.slice);
      this.fitIfNew();
    }
    this.placeSlices();
    this.requestRender();
  }

  /** World positions along an axis (default: the slice axis) of the first and last voxel planes over all layers, and the finest layer's plane step. */
  sliceRange(axis: SliceAxis = this.sliceAxis): SliceRange | null {
    const finest = this.finestPlanes(axis);
    if (!finest) return null;
    let min = Infinity;
    let max = -Infinity;
    for (const layer of this.layers.values()) {
      const planes = layer.planes(axis);
      min = Math.min(min, planes.origin);
      max = Math.max(max, planes.origin + (planes.count - 1) * planes.step);
    }
    return { min, max, step: finest.step };
  }

  /** The world point on the slice plane under a viewport point (u, v: 0..1 from its left, top); null outside the slice view. */
  slicePoint(u: number, v: number): Vec3 | null {
    const [width, height] = this.canvas.size;
    if (this.disposed || this.view !== 'slice' || !(width > 0 && height > 0)) return null;
    return sliceWorldPoint(cameraPose(this.cameraSlice), width / height, u, v);
  }

  /** The layers as the slice probe sees them, bottom first. */
  probeLayers(): ProbeLayer[] {
    return [...this.layers].map(([jobId, layer]) => layer.probeLayer(jobId));
  }

  /** The world position along the slice axis that the slice view shows. */
  get slice(): number {
    return this.sliceZ ?? 0;
  }

  /** The cameras as the user left them; null while they still wait to be fitted to the first content. */
  cameras(): SceneCameras | null {
    if (this.needsFit || this.disposed) return null;
    return { view3d: cameraPose(this.camera3d), slice: cameraPose(this.cameraSlice), sliceZ: this.slice };
  }

  /** PNG of the current view at the canvas's resolution. */
  snapshot(): Promise<Blob> {
    this.renderNow();
    return this.canvas.toPng();
  }

  /** Asks for a render on the next animation frame; any number of calls in one frame draw once. */
  requestRender(): void {
    if (!this.disposed) this.queue.requestDraw();
  }

  /** Applies everything queued and draws, now, whatever the budget (snapshots, tests). */
  renderNow(): void {
    // Twice when a pass drawn by the first flush queued the previews that waited for it (layer-passes.ts).
    for (let i = 0; i < 2 && !this.disposed && (i === 0 || this.queue.queued > 0); i++) this.queue.flush();
  }

  /**
   * Hidden: nothing is applied or drawn until shown again; then a pass cut short by hiding is finished,
   * and of the previews that came meanwhile only the newest state is applied (layer-passes.ts).
   */
  setPaused(paused: boolean): void {
    this.queue.paused = paused;
  }

  /** Widget work per frame, ms; changes beyond it wait for the next frame. */
  setFrameBudget(ms: number): void {
    this.queue.budgetMs = ms;
  }

  /** What the frame queue did, frame by frame (ms, items, bricks, bytes), and what waits. */
  frameStats(): FrameStats {
    return this.queue.stats();
  }

  stats(): LabelSceneStats {
    return { layers: this.layers.size, ...this.counters };
  }

  /** Frees everything: vtk objects, the WebGL context, observers, the pending frame. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.queue.clear();
    this.canvas.delete();
    for (const layer of this.layers.values()) layer.delete();
    this.layers.clear();
    this.regions.delete();
    this.pendingStyles.clear();
    this.base?.delete();
    this.base = null;
    this.camera3d.delete();
    this.cameraSlice.delete();
  }

  private reportDrawn(): void {
    for (const layer of this.layers.values()) {
      for (const volume of layer.passDrawn()) this.onLayerDrawn?.(layer.id, { mainThreadMs: this.queue.takeOwnerMs(layer.id), volume });
    }
  }

  private draw(): void {
    if (!this.disposed && this.canvas.draw()) this.counters.renders += 1;
  }

  /** Fits both cameras when content arrives in an empty scene; later previews never move the camera. */
  private fitIfNew(): void {
    if (!this.needsFit) return;
    const bounds = this.contentBounds();
    if (!bounds) return;
    this.needsFit = false;
    this.sliceZ ??= this.middlePlane(bounds);
    this.fitCameras(bounds);
  }

  /** Fits both cameras to the content again, as at the first preview; the slice stays where it is. */
  resetView(): void {
    const bounds = this.disposed ? null : this.contentBounds();
    if (!bounds) return;
    this.fitCameras(bounds);
    this.requestRender();
  }

  private fitCameras(bounds: Bounds): void {
    const [width, height] = this.canvas.size;
    fitPerspective(this.camera3d, bounds, this.viewDirection, width > 0 && height > 0 ? width / height : 1, this.inset());
    this.fitSliceCamera(bounds);
  }

  /** The panel's share of the width, ignored when it leaves too little room to fit anything beside it. */
  private inset(): number {
    const inset = this.fitInset();
    return Number.isFinite(inset) && inset > 0 && inset <= 0.5 ? inset : 0;
  }

  /** Mid-volume along the slice axis, on a plane of the finest layer. */
  private middlePlane(bounds: Bounds): number {
    const { origin, step } = this.finestPlanes() ?? { origin: 0, step: 1 };
    const w = worldAxis(this.sliceAxis);
    return origin + Math.round(((bounds[2 * w]! + bounds[2 * w + 1]!) / 2 - origin) / step) * step;
  }

  private fitSliceCamera(bounds: Bounds): void {
    const [width, height] = this.canvas.size;
    fitSlice(this.cameraSlice, bounds, this.sliceAxis, this.slice, width > 0 && height > 0 ? width / height : 1, this.inset());
  }

  private contentBounds(): Bounds | null {
    const boxes = [...this.layers.values()].map((layer) => layer.bounds());
    if (this.base) boxes.push(this.base.bounds());
    return unionBounds(boxes);
  }

  /** The planes along the slice axis of the layer finest along it, or null without layers. */
  private finestPlanes(axis: SliceAxis = this.sliceAxis): AxisPlanes | null {
    let finest: AxisPlanes | null = null;
    for (const layer of this.layers.values()) {
      const planes = layer.planes(axis);
      if (!finest || planes.step < finest.step) finest = planes;
    }
    return finest;
  }

  /** Gives each layer its stacking order (insertion order, later on top) and re-places the slices. */
  private restack(): void {
    const lift = STACK_STEP * (this.finestPlanes()?.step ?? 1);
    let order = 0;
    for (const layer of this.layers.values()) {
      layer.setOrder(order, (order + 1) * lift);
      order += 1;
    }
    this.placeSlices();
  }

  private placeSlices(): void {
    const position = this.slice;
    for (const layer of this.layers.values()) layer.setPlane(this.sliceAxis, position);
    this.regions.setPlane(this.sliceAxis, position, STACK_STEP * (this.finestPlanes()?.step ?? 1) * (this.layers.size + 1));
    this.base?.setPlane(this.sliceAxis, position, 0);
  }
}
