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
import type { LabelLayerStyle, LayerSink, SceneView } from './label-layer.ts';
import { FrameQueue } from './frame-queue.ts';
import type { FrameStats } from './frame-stats.ts';
import type { LabelSceneOptions, LabelSceneStats } from './label-scene-types.ts';
import { cameraPose, unionBounds, type Bounds } from './scene-camera.ts';
export { OBLIQUE_VIEW, STRAIGHT_VIEW, type ViewDirection } from './scene-camera.ts';
import { SceneCanvas } from './scene-canvas.ts';
import { SceneLayers, type LayerDrawnListener } from './scene-layers.ts';
import { SceneRegions } from './scene-regions.ts';
import type { SliceAxis } from './slice-axis.ts';
import type { SliceStyle } from './slice-layer.ts';
import { sliceWorldPoint, type ProbeLayer } from './slice-probe.ts';
import { finestPlanes, middlePlane, sliceRange, stackLift, type SliceRange } from './slice-stack.ts';
import { ViewCameras, type SceneCameras } from './view-cameras.ts';
import type { Camera, Renderer } from './vtk.ts';

export type * from './label-scene-types.ts';

export class LabelScene {
  private readonly canvas: SceneCanvas;
  private readonly renderer: Renderer;
  /** Both cameras, the slice position and whether they still wait for the first content (view-cameras.ts). */
  private readonly views: ViewCameras;
  private readonly queue: FrameQueue;
  private readonly sink: LayerSink;
  /** The change view and comparison overlays (scene-regions.ts), drawn over every layer. */
  readonly regions: SceneRegions;
  private readonly layers: SceneLayers;
  private base: BaseSlice | null = null;
  private view: SceneView = '3d';
  private sliceAxis: SliceAxis;
  private disposed = false;
  private readonly counters: Omit<LabelSceneStats, 'layers'> = { renders: 0, uploads: 0, propsCreated: 0 };

  /** Told after each frame that completes a layer's pass (layer-passes.ts; see LayerDrawnListener). */
  onLayerDrawn: LayerDrawnListener | undefined;
  /** Told when the shown camera may have moved, or the viewport changed size (the scale bar follows). */
  onViewChange: (() => void) | undefined;

  constructor(container: HTMLElement, options: LabelSceneOptions = {}) {
    this.queue = new FrameQueue(() => this.draw(), { budgetMs: options.frameBudgetMs });
    this.queue.onDrawn = () => this.layers.reportDrawn(this.onLayerDrawn);
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
    this.layers = new SceneLayers(this.queue, this.sink);
    this.views = new ViewCameras(options, () => this.onViewChange?.());
    this.renderer.setActiveCamera(this.views.camera3d);
    this.canvas.setInteraction(this.view);
    this.sliceAxis = options.sliceAxis ?? 'z';
    this.setBackground(options.background ?? 'black');
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
    if (!this.layers.accept(jobId, volume)) return;
    this.counters.uploads += 1;
    this.fitIfNew();
    // No draw asked: the preview's queued work draws when it runs (a preview waiting for a pass draws nothing).
    this.restack();
  }

  /** Styles a job's layer; a style set before its first preview is kept until the layer exists. */
  setLayerStyle(jobId: string, style: LabelLayerStyle): void {
    if (!this.disposed) this.layers.setStyle(jobId, style);
  }

  /** Removes a job's layer and frees its vtk objects (their GL resources go at the next render). */
  removeLayer(jobId: string): void {
    if (!this.layers.remove(jobId)) return;
    if (this.layers.size === 0 && !this.base) this.views.needsFit = true;
    this.restack();
    this.requestRender();
  }

  setView(view: SceneView): void {
    if (this.disposed || view === this.view) return;
    this.view = view;
    this.layers.setView(view);
    this.regions.setView(view);
    this.base?.setShown(view === 'slice');
    this.renderer.setActiveCamera(this.views.of(view));
    this.canvas.setInteraction(view);
    this.requestRender();
    this.onViewChange?.();
  }

  /** The camera of the view shown. */
  get camera(): Camera {
    return this.views.of(this.view);
  }

  /** Moves the slice view to a world position along the slice axis; each layer shows its plane there (slice-plane.ts). */
  setSlice(position: number): void {
    if (this.disposed || !Number.isFinite(position)) return;
    this.views.sliceZ = position;
    this.placeSlices();
    this.views.moveSlice(this.sliceAxis, position);
    this.requestRender();
  }

  /** Stacks the slice planes along another axis: the slice moves to its middle plane and the slice camera is refitted. */
  setSliceAxis(axis: SliceAxis): void {
    if (this.disposed || axis === this.sliceAxis) return;
    this.sliceAxis = axis;
    const bounds = this.contentBounds();
    if (bounds) {
      this.views.sliceZ = this.middlePlane(bounds);
      this.views.fitSlice(bounds, this.sliceAxis, this.canvas.size);
    }
    this.restack();
    this.requestRender();
  }

  setSliceStyle(style: SliceStyle): void {
    if (this.disposed || style === this.layers.sliceStyle) return;
    this.layers.setSliceStyle(style);
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
        if (this.layers.size === 0) this.views.needsFit = true;
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
    return sliceRange(this.layers.planes(axis));
  }

  /** The world point on the slice plane under a viewport point (u, v: 0..1 from its left, top); null outside the slice view. */
  slicePoint(u: number, v: number): Vec3 | null {
    const [width, height] = this.canvas.size;
    if (this.disposed || this.view !== 'slice' || !(width > 0 && height > 0)) return null;
    return sliceWorldPoint(cameraPose(this.views.cameraSlice), width / height, u, v);
  }

  /** The layers as the slice probe sees them, bottom first. */
  probeLayers(): ProbeLayer[] {
    return this.layers.probeLayers();
  }

  /** The world position along the slice axis that the slice view shows. */
  get slice(): number {
    return this.views.slice;
  }

  /** The cameras as the user left them; null while they still wait to be fitted to the first content. */
  cameras(): SceneCameras | null {
    if (this.views.needsFit || this.disposed) return null;
    return this.views.poses();
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
    this.layers.delete();
    this.regions.delete();
    this.base?.delete();
    this.base = null;
    this.views.delete();
  }

  private draw(): void {
    if (!this.disposed && this.canvas.draw()) this.counters.renders += 1;
  }

  /** Fits both cameras when content arrives in an empty scene; later previews never move the camera. */
  private fitIfNew(): void {
    if (!this.views.needsFit) return;
    const bounds = this.contentBounds();
    if (!bounds) return;
    this.views.needsFit = false;
    this.views.sliceZ ??= this.middlePlane(bounds);
    this.views.fit(bounds, this.sliceAxis, this.canvas.size);
  }

  /** Fits both cameras to the content again, as at the first preview; the slice stays where it is. */
  resetView(): void {
    const bounds = this.disposed ? null : this.contentBounds();
    if (!bounds) return;
    this.views.fit(bounds, this.sliceAxis, this.canvas.size);
    this.requestRender();
  }

  private middlePlane(bounds: Bounds): number {
    return middlePlane(bounds, this.sliceAxis, finestPlanes(this.layers.planes(this.sliceAxis)));
  }

  private contentBounds(): Bounds | null {
    const boxes = this.layers.bounds();
    if (this.base) boxes.push(this.base.bounds());
    return unionBounds(boxes);
  }

  /** How far one stacking order lifts a slice along the slice axis (slice-stack.ts). */
  private lift(): number {
    return stackLift(finestPlanes(this.layers.planes(this.sliceAxis)));
  }

  /** Gives each layer its stacking order (insertion order, later on top) and re-places the slices. */
  private restack(): void {
    this.layers.restack(this.lift());
    this.placeSlices();
  }

  private placeSlices(): void {
    const position = this.slice;
    this.layers.setPlane(this.sliceAxis, position);
    this.regions.setPlane(this.sliceAxis, position, this.lift() * (this.layers.size + 1));
    this.base?.setPlane(this.sliceAxis, position, 0);
  }
}
