// The vtk.js render window on a container element: WebGL2 canvas, renderer, size, background, mouse
// interaction, PNG capture and the teardown that gives the WebGL context back.
import { parseCssColor } from './css-color.ts';
import { createSceneContext, rendersInSoftware } from './gl-context.ts';
import type { SceneView } from './label-layer.ts';
import { SceneInteraction } from './scene-interaction.ts';
import { blendedRenderPasses } from './translucent-pass.ts';
import {
  hasWebGLContext,
  releaseGraphicsResources,
  vtkOpenGLRenderWindow,
  vtkRenderer,
  vtkRenderWindow,
  vtkRenderWindowInteractor,
  type OpenGLRenderWindow,
  type Renderer,
  type RenderWindow,
  type RenderWindowInteractor,
} from './vtk.ts';

export class SceneCanvas {
  readonly renderer: Renderer;
  private readonly renderWindow: RenderWindow;
  private readonly glWindow: OpenGLRenderWindow;
  private readonly interactor: RenderWindowInteractor;
  private readonly interaction: SceneInteraction;
  private readonly resizeObserver: ResizeObserver;
  /** Made here, before vtk.js asks for it: lost on delete whether or not vtk ever drew into it. */
  private readonly context: WebGL2RenderingContext | null;
  private deleted = false;

  /** `onResize` runs when the drawing buffer changed size (the caller re-renders). */
  constructor(container: HTMLElement, onResize: () => void) {
    this.renderWindow = vtkRenderWindow.newInstance();
    this.renderer = vtkRenderer.newInstance();
    this.renderWindow.addRenderer(this.renderer);
    this.glWindow = vtkOpenGLRenderWindow.newInstance();
    this.glWindow.setContainer(container);
    // In software, speed over smooth edges and depth-mixed translucency (gl-context.ts).
    const software = rendersInSoftware();
    if (software) this.glWindow.setRenderPasses(blendedRenderPasses());
    this.renderWindow.addView(this.glWindow);
    const canvas = this.glWindow.getCanvas();
    if (canvas) canvas.style.height = '100%';
    this.context = canvas ? createSceneContext(canvas, !software) : null;

    this.interactor = vtkRenderWindowInteractor.newInstance();
    this.interactor.setView(this.glWindow);
    this.interactor.bindEvents(container);
    this.interactor.enable();
    this.interaction = new SceneInteraction(this.interactor);

    const resize = (rect: { width: number; height: number }) => {
      if (this.resize(rect)) onResize();
    };
    resize(container.getBoundingClientRect());
    // The container, not the window: the widget may be resized by its host's layout alone.
    this.resizeObserver = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) resize(entry.contentRect);
    });
    this.resizeObserver.observe(container);
  }

  /** Drawing-buffer size in device pixels. */
  get size(): [number, number] {
    const [width, height] = this.glWindow.getSize();
    return [width, height];
  }

  /** Mouse bindings for a view (scene-interaction.ts). */
  setInteraction(view: SceneView): void {
    this.interaction.setView(view);
  }

  /** CSS colour or 'transparent'; false (nothing changed) if `color` is not a CSS colour. */
  setBackground(color: string): boolean {
    const rgba = parseCssColor(color);
    if (!rgba || this.deleted) return false;
    const [r, g, b, a] = rgba;
    // The canvas is premultiplied-alpha: the clear colour must be too, or a translucent one glows.
    this.renderer.setBackground(r * a, g * a, b * a, a);
    return true;
  }

  /** Draws synchronously; false when there is nothing to draw into (zero size, or deleted). */
  draw(): boolean {
    const [width, height] = this.size;
    if (this.deleted || width < 1 || height < 1) return false;
    this.renderer.resetCameraClippingRange();
    this.renderWindow.render();
    return true;
  }

  /** PNG of what `draw` just drew. Call it in the same task as the draw (see below). */
  toPng(): Promise<Blob> {
    // Without preserveDrawingBuffer the canvas is only defined until the browser composites it, so the
    // copy must be taken before this task ends; toBlob copies synchronously and encodes later.
    const canvas = this.glWindow.getCanvas();
    return new Promise((resolve, reject) => {
      if (!canvas || this.deleted) {
        reject(new Error('The scene has no canvas to capture (disposed?).'));
        return;
      }
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The canvas could not be encoded as PNG.'))), 'image/png');
    });
  }

  /**
   * Deletes the interactor, the windows and the renderer, and loses the WebGL context on purpose:
   * vtk.js never releases it, and Chromium keeps only ~16 live contexts, silently killing the oldest —
   * possibly another widget's. The caller deletes its own props afterwards.
   */
  delete(): void {
    if (this.deleted) return;
    this.deleted = true;
    this.resizeObserver.disconnect();
    // Disabled first: deleting an interactor ends any running animation (wheel, drag) with one last
    // render, which must not run.
    this.interactor.disable();
    this.interactor.unbindEvents();
    this.interaction.delete();
    this.interactor.delete();
    const canvas = this.glWindow.getCanvas();
    if (hasWebGLContext(this.glWindow)) releaseGraphicsResources(this.glWindow);
    this.context?.getExtension('WEBGL_lose_context')?.loseContext();
    this.renderWindow.removeView(this.glWindow);
    this.glWindow.delete();
    this.renderer.delete();
    this.renderWindow.delete();
    canvas?.remove();
  }

  /** True when the drawing buffer changed size. */
  private resize(rect: { width: number; height: number }): boolean {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(0, Math.round(rect.width * ratio));
    const height = Math.max(0, Math.round(rect.height * ratio));
    const [w, h] = this.size;
    if (width === w && height === h) return false;
    this.glWindow.setSize(width, height);
    return true;
  }
}
