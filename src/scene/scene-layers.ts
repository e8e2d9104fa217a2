// The scene's label layers by job id (label-layer.ts), in the order they came (later on top), and the
// styles set before a job's first preview, given to its layer when it is made. LabelScene holds one and
// passes on view, slice style, stacking, plane and teardown.
import type { LabelVolume } from '../labels/label-volume.ts';
import type { FrameQueue } from './frame-queue.ts';
import { LabelLayer, type LabelLayerStyle, type LayerSink, type SceneView } from './label-layer.ts';
import type { AxisPlanes, SliceAxis } from './slice-axis.ts';
import type { SliceStyle } from './slice-layer.ts';
import type { ProbeLayer } from './slice-probe.ts';

/** A job's preview (`volume`, as given to setLayer) is on screen: every change it caused was applied and drawn. */
export type LayerDrawnListener = (jobId: string, drawn: { mainThreadMs: number; volume: LabelVolume }) => void;

export class SceneLayers {
  private readonly layers = new Map<string, LabelLayer>();
  /** Styles set before a job's first preview, applied when its layer is created. */
  private readonly pendingStyles = new Map<string, LabelLayerStyle>();
  private view: SceneView = '3d';
  private style: SliceStyle = 'filled';

  constructor(
    private readonly queue: FrameQueue,
    private readonly sink: LayerSink,
  ) {}

  get size(): number {
    return this.layers.size;
  }

  get sliceStyle(): SliceStyle {
    return this.style;
  }

  /** Makes the job's layer with its first preview, or gives the layer a newer one; false when that changed nothing. */
  accept(jobId: string, volume: LabelVolume): boolean {
    const layer = this.layers.get(jobId);
    if (layer) return layer.setVolume(volume);
    const made = new LabelLayer(jobId, volume, this.queue, this.sink);
    this.layers.set(jobId, made);
    made.setView(this.view);
    made.setSliceStyle(this.style);
    const pending = this.pendingStyles.get(jobId);
    if (pending) made.setStyle(pending);
    this.pendingStyles.delete(jobId);
    return true;
  }

  /** Styles a job's layer; a style set before its first preview is kept until the layer exists. */
  setStyle(jobId: string, style: LabelLayerStyle): void {
    const layer = this.layers.get(jobId);
    if (!layer) {
      this.pendingStyles.set(jobId, { ...this.pendingStyles.get(jobId), ...style });
      return;
    }
    layer.setStyle(style);
  }

  /** Deletes a job's layer and its pending style; false when it had no layer. */
  remove(jobId: string): boolean {
    this.pendingStyles.delete(jobId);
    const layer = this.layers.get(jobId);
    if (!layer) return false;
    layer.delete();
    this.layers.delete(jobId);
    this.queue.takeOwnerMs(jobId);
    return true;
  }

  setView(view: SceneView): void {
    this.view = view;
    for (const layer of this.layers.values()) layer.setView(view);
  }

  setSliceStyle(style: SliceStyle): void {
    this.style = style;
    for (const layer of this.layers.values()) layer.setSliceStyle(style);
  }

  /** Each layer's voxel planes along an axis, bottom first. */
  planes(axis: SliceAxis): AxisPlanes[] {
    return [...this.layers.values()].map((layer) => layer.planes(axis));
  }

  /** Each layer's world bounding box. */
  bounds(): ReturnType<LabelLayer['bounds']>[] {
    return [...this.layers.values()].map((layer) => layer.bounds());
  }

  /** Gives each layer its stacking order (insertion order, later on top): its slice is lifted `lift` per order. */
  restack(lift: number): void {
    let order = 0;
    for (const layer of this.layers.values()) {
      layer.setOrder(order, (order + 1) * lift);
      order += 1;
    }
  }

  setPlane(axis: SliceAxis, position: number): void {
    for (const layer of this.layers.values()) layer.setPlane(axis, position);
  }

  /** The layers as the slice probe sees them, bottom first. */
  probeLayers(): ProbeLayer[] {
    return [...this.layers].map(([jobId, layer]) => layer.probeLayer(jobId));
  }

  /** Tells `listener` of each preview whose pass the last frame completed (layer-passes.ts). */
  reportDrawn(listener: LayerDrawnListener | undefined): void {
    for (const layer of this.layers.values()) {
      for (const volume of layer.passDrawn()) listener?.(layer.id, { mainThreadMs: this.queue.takeOwnerMs(layer.id), volume });
    }
  }

  delete(): void {
    for (const layer of this.layers.values()) layer.delete();
    this.layers.clear();
    this.pendingStyles.clear();
  }
}
