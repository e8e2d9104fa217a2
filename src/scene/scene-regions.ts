// The scene's region overlays (region-layer.ts), by key: `change <job>` for a job's change view,
// `compare` for the comparison of two jobs. A region comes as a stepped computation of its codes
// (labels/label-regions.ts), run one slab per step in the scene's FrameQueue; a newer one for the same
// key replaces it, queued or half run (latest wins). When it ends, `done` hears its result and the
// codes go to the key's RegionLayer. LabelScene holds one and passes on view, plane and teardown.
import type { Rgba } from '../labels/colormap.ts';
import type { RegionVolume, Stepped } from '../labels/label-regions.ts';
import type { FrameQueue } from './frame-queue.ts';
import type { LayerSink, SceneView } from './label-layer.ts';
import { RegionLayer } from './region-layer.ts';
import type { SliceAxis } from './slice-axis.ts';

/** A region to show: its codes, computed a step at a time, and the colour of each code (code 1 first). */
export interface RegionSource<T extends { region: RegionVolume | null }> {
  steps: Stepped<T>;
  colors: readonly Rgba[];
  /** Told the computation's result once it ended (figures, counts), before its codes are drawn. */
  done?: (result: T) => void;
}

export class SceneRegions {
  private readonly layers = new Map<string, RegionLayer>();
  private view: SceneView = '3d';
  /** Keys whose overlay is hidden (with the layer it follows), also before it is made. */
  private readonly hidden = new Set<string>();
  private plane: { axis: SliceAxis; position: number; lift: number } = { axis: 'z', position: 0, lift: 0 };

  constructor(
    private readonly queue: FrameQueue,
    private readonly sink: LayerSink,
  ) {}

  /** Computes and shows a region under `key`; null removes it. */
  set<T extends { region: RegionVolume | null }>(key: string, source: RegionSource<T> | null): void {
    const prefix = `region ${key}\n`;
    if (!source) {
      this.queue.drop(`${prefix}codes`);
      this.layers.get(key)?.delete();
      this.layers.delete(key);
      this.queue.requestDraw();
      return;
    }
    const { steps, colors, done } = source;
    this.queue.enqueue(`${prefix}codes`, {
      owner: prefix,
      run: () => {
        const step = steps.next();
        if (!step.done) return true;
        done?.(step.value);
        if (step.value.region) this.layer(key, prefix, colors).show(step.value.region);
        return false;
      },
    });
  }

  setVisible(key: string, visible: boolean): void {
    if (visible) this.hidden.delete(key);
    else this.hidden.add(key);
    this.layers.get(key)?.setVisible(visible);
  }

  setView(view: SceneView): void {
    this.view = view;
    for (const layer of this.layers.values()) layer.setView(view);
  }

  setPlane(axis: SliceAxis, position: number, lift: number): void {
    this.plane = { axis, position, lift };
    for (const layer of this.layers.values()) layer.setPlane(axis, position, lift);
  }

  delete(): void {
    for (const layer of this.layers.values()) layer.delete();
    this.layers.clear();
  }

  private layer(key: string, prefix: string, colors: readonly Rgba[]): RegionLayer {
    let layer = this.layers.get(key);
    if (!layer) {
      layer = new RegionLayer(prefix, colors, this.queue, this.sink);
      layer.setView(this.view);
      layer.setVisible(!this.hidden.has(key));
      layer.setPlane(this.plane.axis, this.plane.position, this.plane.lift);
      this.layers.set(key, layer);
    }
    return layer;
  }
}
