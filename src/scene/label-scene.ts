// The vtk.js scene of <preview-overlay> (main thread): one label layer per job, a 3D surface view and a
// 2D slice view, renders coalesced to one per animation frame.
//
// Design notes
// - 3D draws each job's precomputed boundary surface (surface-layer.ts explains why not volumes).
// - The slice view shows K slices of the dense labels; `setSlice(z)` takes a WORLD z and each layer
//   shows its own voxel round(z / spacing_z) (slice-plane.ts has the full convention).
// - vtk objects are created once per layer; previews swap arrays in place. The camera is fitted only
//   when content arrives in an empty scene, never on later previews.
// - The base intensity volume is drawn in the slice view only (base-slice.ts says why).
// - dispose() deletes every vtk object and loses the WebGL context on purpose: Chromium keeps only ~16
//   live contexts and silently kills the oldest one, which could be another widget on the page.
import type { LabelVolume, Shape3, Vec3 } from '../labels/label-volume.ts';
import { BaseSlice, type IntensityArray } from './base-slice.ts';
import { parseCssColor } from './css-color.ts';
import { LabelLayer, type LabelLayerStyle, type SceneView } from './label-layer.ts';
import { RenderScheduler } from './render-scheduler.ts';
import { fitPerspective, fitSlice, moveSliceCamera, unionBounds, type Bounds } from './scene-camera.ts';
import { SceneInteraction } from './scene-interaction.ts';
import type { SliceStyle } from './slice-layer.ts';
import { STACK_STEP } from './slice-plane.ts';
import {
  hasWebGLContext,
  releaseGraphicsResources,
  vtkCamera,
  vtkOpenGLRenderWindow,
  vtkRenderer,
  vtkRenderWindow,
  vtkRenderWindowInteractor,
  type Camera,
  type OpenGLRenderWindow,
  type Renderer,
  type RenderWindow,
  type RenderWindowInteractor,
} from './vtk.ts';

export type { IntensityArray } from './base-slice.ts';
export type { LabelLayerStyle, SceneView } from './label-layer.ts';
export type { SliceStyle } from './slice-layer.ts';

export interface LabelSceneOptions {
  /** Any CSS colour, or 'transparent' to let the host's own canvas show through. Default 'black'. */
  background?: string;
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

/** The slice positions that mean something: world z from the first to the last voxel plane. */
export interface SliceRange {
  min: number;
  max: number;
  /** z spacing of the finest layer. */
  step: number;
}

export class LabelScene {
  private readonly renderWindow: RenderWindow;
  private readonly renderer: Renderer;
  private readonly glWindow: OpenGLRenderWindow;
  private readonly interactor: RenderWindowInteractor;
  private readonly interaction: SceneInteraction;
  private readonly camera3d: Camera;
  private readonly cameraSlice: Camera;
  private readonly resizeObserver: ResizeObserver;
  private readonly scheduler = new RenderScheduler(() => this.draw());
  private readonly layers = new Map<string, LabelLayer>();
  /** Styles set before a job's first preview, applied when its layer is created. */
  private readonly pendingStyles = new Map<string, LabelLayerStyle>();
  private base: BaseSlice | null = null;
  private view: SceneView = '3d';
  private sliceZ: number | null = null;
  private sliceStyle: SliceStyle = 'filled';
  private needsFit = true;
  private disposed = false;
  private readonly counters = { renders: 0, uploads: 0, propsCreated: 0 };

  constructor(
    private readonly container: HTMLElement,
    options: LabelSceneOptions = {},
  ) {
    this.renderWindow = vtkRenderWindow.newInstance();
    this.renderer = vtkRenderer.newInstance();
    this.renderWindow.addRenderer(this.renderer);
    this.glWindow = vtkOpenGLRenderWindow.newInstance();
    this.glWindow.setContainer(container);
    this.renderWindow.addView(this.glWindow);
    const canvas = this.glWindow.getCanvas();
    if (canvas) canvas.style.height = '100%';

    this.camera3d = vtkCamera.newInstance();
    this.cameraSlice = vtkCamera.newInstance();
    this.cameraSlice.setParallelProjection(true);
    this.renderer.setActiveCamera(this.camera3d);

    this.interactor = vtkRenderWindowInteractor.newInstance();
    this.interactor.setView(this.glWindow);
    this.interactor.bindEvents(container);
    this.interactor.enable();
    this.interaction = new SceneInteraction(this.interactor);
    this.interaction.setView(this.view);

    this.setBackground(options.background ?? 'black');
    this.resize(container.getBoundingClientRect());
    this.resizeObserver = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) this.resize(entry.contentRect);
    });
    this.resizeObserver.observe(container);
  }

  /** Shows a job's preview. The first call creates the layer; later calls update it in place. */
  setLayer(jobId: string, volume: LabelVolume): void {
    if (this.disposed) return;
    let layer = this.layers.get(jobId);
    if (!layer) {
      layer = new LabelLayer(volume);
      this.layers.set(jobId, layer);
      for (const prop of layer.props) this.renderer.addViewProp(prop);
      this.counters.propsCreated += layer.props.length;
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
    this.restack();
    this.requestRender();
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
    this.requestRender();
  }

  /** Removes a job's layer and frees its vtk objects (their GL resources go at the next render). */
  removeLayer(jobId: string): void {
    this.pendingStyles.delete(jobId);
    const layer = this.layers.get(jobId);
    if (!layer) return;
    for (const prop of layer.props) this.renderer.removeViewProp(prop);
    layer.delete();
    this.layers.delete(jobId);
    if (this.layers.size === 0 && !this.base) this.needsFit = true;
    this.restack();
    this.requestRender();
  }

  setView(view: SceneView): void {
    if (this.disposed || view === this.view) return;
    this.view = view;
    for (const layer of this.layers.values()) layer.setView(view);
    this.base?.setShown(view === 'slice');
    this.renderer.setActiveCamera(view === '3d' ? this.camera3d : this.cameraSlice);
    this.interaction.setView(view);
    this.requestRender();
  }

  /** Moves the slice view to world z (see slice-plane.ts: each layer shows voxel round(z / spacing_z)). */
  setSlice(z: number): void {
    if (this.disposed || !Number.isFinite(z)) return;
    this.sliceZ = z;
    this.placeSlices();
    moveSliceCamera(this.cameraSlice, z);
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
    const rgba = parseCssColor(color);
    if (!rgba || this.disposed) return false;
    const [r, g, b, a] = rgba;
    // The canvas is premultiplied-alpha: the clear colour must be too, or 'transparent' glows.
    this.renderer.setBackground(r * a, g * a, b * a, a);
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

  /** World z range of the slice view, or null when there are no layers. */
  sliceRange(): SliceRange | null {
    if (this.layers.size === 0) return null;
    let max = 0;
    let step = Infinity;
    for (const layer of this.layers.values()) {
      max = Math.max(max, layer.bounds()[5]! - layer.spacingZ / 2);
      step = Math.min(step, layer.spacingZ);
    }
    return { min: 0, max, step };
  }

  /** The world z the slice view shows. */
  get slice(): number {
    return this.sliceZ ?? 0;
  }

  /** PNG of the current view at the canvas's resolution. */
  snapshot(): Promise<Blob> {
    // Render and read in the same task: without preserveDrawingBuffer the canvas is only defined until
    // the browser composites it.
    this.renderNow();
    const canvas = this.glWindow.getCanvas();
    return new Promise((resolve, reject) => {
      if (!canvas || this.disposed) {
        reject(new Error('The scene has no canvas to capture (disposed?).'));
        return;
      }
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The canvas could not be encoded as PNG.'))), 'image/png');
    });
  }

  /** Asks for a render on the next animation frame; any number of calls in one frame draw once. */
  requestRender(): void {
    if (!this.disposed) this.scheduler.request();
  }

  /** Draws now, synchronously (snapshots, tests); a pending frame render is folded into this one. */
  renderNow(): void {
    this.scheduler.cancel();
    this.draw();
  }

  stats(): LabelSceneStats {
    return { layers: this.layers.size, ...this.counters };
  }

  /** Frees everything: vtk objects, the WebGL context, observers, the pending frame. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.scheduler.cancel();
    this.resizeObserver.disconnect();
    this.interactor.unbindEvents();
    const canvas = this.glWindow.getCanvas();
    if (hasWebGLContext(this.glWindow)) {
      releaseGraphicsResources(this.glWindow);
      // vtk.js never gives the context back; without this, each mount/unmount leaks one.
      canvas?.getContext('webgl2')?.getExtension('WEBGL_lose_context')?.loseContext();
    }
    for (const layer of this.layers.values()) layer.delete();
    this.layers.clear();
    this.base?.delete();
    this.base = null;
    this.interaction.delete();
    this.interactor.delete();
    this.renderWindow.removeView(this.glWindow);
    this.glWindow.delete();
    this.renderer.delete();
    this.camera3d.delete();
    this.cameraSlice.delete();
    this.renderWindow.delete();
    canvas?.remove();
  }

  private draw(): void {
    if (this.disposed) return;
    const [width, height] = this.glWindow.getSize();
    if (width < 1 || height < 1) return;
    this.renderer.resetCameraClippingRange();
    this.renderWindow.render();
    this.counters.renders += 1;
  }

  private resize(rect: { width: number; height: number }): void {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(0, Math.round(rect.width * ratio));
    const height = Math.max(0, Math.round(rect.height * ratio));
    const [w, h] = this.glWindow.getSize();
    if (width === w && height === h) return;
    this.glWindow.setSize(width, height);
    this.requestRender();
  }

  /** Fits both cameras when content arrives in an empty scene; later previews never move the camera. */
  private fitIfNew(): void {
    if (!this.needsFit) return;
    const bounds = this.contentBounds();
    if (!bounds) return;
    this.needsFit = false;
    if (this.sliceZ === null) {
      const step = this.finestSpacingZ() ?? 1;
      this.sliceZ = Math.max(0, Math.round((bounds[4] + bounds[5]) / 2 / step) * step);
    }
    const [width, height] = this.glWindow.getSize();
    fitPerspective(this.camera3d, bounds);
    fitSlice(this.cameraSlice, bounds, this.sliceZ, width > 0 && height > 0 ? width / height : 1);
  }

  private contentBounds(): Bounds | null {
    const boxes = [...this.layers.values()].map((layer) => layer.bounds());
    if (this.base) boxes.push(this.base.bounds());
    return unionBounds(boxes);
  }

  private finestSpacingZ(): number | null {
    let step = Infinity;
    for (const layer of this.layers.values()) step = Math.min(step, layer.spacingZ);
    return Number.isFinite(step) ? step : null;
  }

  /** Gives each layer its stacking order (insertion order, later on top) and re-places the slices. */
  private restack(): void {
    const lift = STACK_STEP * (this.finestSpacingZ() ?? 1);
    let order = 0;
    for (const layer of this.layers.values()) {
      layer.setOrder(order, (order + 1) * lift);
      order += 1;
    }
    this.placeSlices();
  }

  private placeSlices(): void {
    const z = this.slice;
    for (const layer of this.layers.values()) layer.setPlane(z);
    this.base?.setPlane(z, 0);
  }
}
