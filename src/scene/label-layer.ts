// One job's label layer: its 3D surface (bricks) and its 2D slice, fed by the same previews and styled
// together. Nothing here touches vtk directly when a preview arrives: every change is queued on the
// scene's FrameQueue, keyed so newer data replaces older (one key per brick, one for the slice, one for
// the colours), and applied within the frame budget. Previews are applied in passes (layer-passes.ts):
// once a preview's work has started, newer previews wait (merged) until it is drawn, so each is finished.
//
// vtk objects are made once: the slice on the layer's first queued slice update, a brick's actor on its
// first faces; later previews swap arrays in place. The colour table is rebuilt only when the job's
// label set grows or its colours change: built in steps of COLOR_STEP labels (3000 scattered labels
// would take one frame tens of ms), then handed to the slice, then to the bricks one item at a time.
import { isEmptyVoxelBox } from '../labels/changed-region.ts';
import type { Rgba } from '../labels/colormap.ts';
import { emptySurface } from '../labels/label-surface.ts';
import { fillLayerColors, layerColorTable, type LayerPalette } from '../labels/layer-colors.ts';
import type { LabelVolume } from '../labels/label-volume.ts';
import type { FrameItem, FrameQueue } from './frame-queue.ts';
import { LayerPasses, type Pass } from './layer-passes.ts';
import { SliceLayer, type SliceStyle } from './slice-layer.ts';
import { planesAlong, planeVoxels, type AxisPlanes, type SliceAxis } from './slice-axis.ts';
import { voxelBounds } from './slice-plane.ts';
import type { ProbeLayer } from './slice-probe.ts';
import { SurfaceLayer, surfaceColors } from './surface-layer.ts';
import type { Actor, ImageSlice } from './vtk.ts';

export type SceneView = '3d' | 'slice';

/** Labels coloured per step of a colour-table build: ≈ 1–3 ms on this machine under load. */
const COLOR_STEP = 256;

export interface LabelLayerStyle {
  /** Default true. */
  visible?: boolean;
  /** Layer opacity 0..1, default 1. */
  opacity?: number;
  /** Colour per ORIGINAL label id, overriding the colormap. */
  colors?: ReadonlyMap<number, Rgba>;
  /** Colour mode, job hue, hidden labels and selection (layer-colors.ts); default: label colours, all shown. */
  palette?: Omit<LayerPalette, 'overrides'>;
}

const LABEL_PALETTE: Omit<LayerPalette, 'overrides'> = { mode: 'label', hue: 0 };

/** Where a layer's vtk props go: the renderer, through the scene. */
export interface LayerSink {
  add(prop: Actor | ImageSlice): void;
  remove(prop: Actor | ImageSlice): void;
}

export class LabelLayer {
  private readonly surface: SurfaceLayer;
  private slice: SliceLayer | null = null;
  /** The slice is made over a few steps, then shown in the next (applySlice). */
  private sliceMaking: Generator<void, SliceLayer | null> | null = null;
  private sliceAdded = false;
  private readonly queue: FrameQueue;
  private readonly sink: LayerSink;
  /** The job id: owner of this layer's queued work in the frame accounting. */
  readonly id: string;
  /** Queue keys of this layer start with this. */
  private readonly key: string;
  /** The newest accepted preview (its geometry may still be queued). */
  private volume: LabelVolume;
  private visible = true;
  private opacity = 1;
  private colors: ReadonlyMap<number, Rgba> | undefined;
  private palette = LABEL_PALETTE;
  private view: SceneView = '3d';
  private sliceStyle: SliceStyle = 'filled';
  /** Identifies the colour table in use; '' forces a rebuild. */
  private colorKey = '';
  private colorVersion = 0;
  /** How far this layer's slice is lifted toward the camera (its stacking order), and the plane shown. */
  private orderLift = 0;
  private order = -1;
  /** The plane last queued (axis, position, lift): the same again queues nothing, so draws nothing. */
  private planeKey = '';
  private planeAxis: SliceAxis = 'z';
  private planePosition = 0;
  private colorBuilds = 0;
  /** The colour table the slice has (kept to give a slice made later the same one). */
  private sliceTable: Float32Array | undefined;
  private readonly passes = new LayerPasses();

  constructor(id: string, volume: LabelVolume, queue: FrameQueue, sink: LayerSink) {
    this.id = id;
    this.key = `${id}\n`;
    this.queue = queue;
    this.sink = sink;
    this.volume = volume;
    this.surface = new SurfaceLayer(sink);
    // Style first in line: a brick must not show before the layer's visibility and view apply.
    this.queueStyle();
    this.accept(volume);
  }

  /** vtk props ever created for this layer. */
  get propsCreated(): number {
    return this.surface.actorsCreated + (this.slice ? 1 : 0);
  }

  /**
   * Takes a new preview. Returns false when it was skipped because `changed` says no voxel differs
   * (the previous arrays stay on screen, and it is reported drawn with the preview it repeats).
   */
  setVolume(volume: LabelVolume): boolean {
    if (volume.changed && isEmptyVoxelBox(volume.changed)) {
      // Nothing to apply, but it is on screen with the preview it repeats (layer-passes.ts).
      if (this.passes.repeat(volume)) this.queue.requestDraw();
      return false;
    }
    this.volume = volume;
    this.accept(volume);
    return true;
  }

  setStyle(style: LabelLayerStyle): void {
    if (style.visible !== undefined) this.visible = style.visible;
    if (style.opacity !== undefined) this.opacity = Math.min(1, Math.max(0, style.opacity));
    if ('colors' in style || style.palette) {
      if ('colors' in style) this.colors = style.colors;
      if (style.palette) this.palette = style.palette;
      this.colorVersion += 1;
      this.refreshColors();
    }
    this.queueStyle();
  }

  setView(view: SceneView): void {
    this.view = view;
    this.queueStyle();
  }

  setSliceStyle(style: SliceStyle): void {
    this.sliceStyle = style;
    this.queueStyle();
  }

  /** Stacking position among layers (0 = bottom). */
  setOrder(order: number, sliceLift: number): void {
    if (order === this.order && sliceLift === this.orderLift) return;
    this.order = order;
    this.orderLift = sliceLift;
    this.enqueue('order', { run: () => this.surface.setOrder(order) });
  }

  setPlane(axis: SliceAxis, position: number): void {
    const key = `${axis} ${position} ${this.orderLift}`;
    if (key === this.planeKey) return;
    this.planeKey = key;
    this.planeAxis = axis;
    this.planePosition = position;
    this.enqueue('plane', { run: () => this.slice?.setPlane(this.planeAxis, this.planePosition, this.orderLift) });
  }

  /** World bounds of the newest preview's voxels [xmin, xmax, ymin, ymax, zmin, zmax]. */
  bounds(): number[] {
    return voxelBounds(this.volume.shape, this.volume.spacing, this.volume.origin);
  }

  /** The layer's voxel planes along an axis (slice-plane.ts). */
  planes(axis: SliceAxis): AxisPlanes {
    const { shape, spacing, origin } = this.volume;
    return planesAlong(shape, spacing, origin, axis);
  }

  /** The layer as the slice probe sees it: its newest preview, whether it is drawn, which labels are hidden. */
  probeLayer(jobId: string): ProbeLayer {
    return { jobId, volume: this.volume, shown: this.visible, hidden: this.palette.hidden };
  }

  /** Frees the layer's vtk objects and forgets its queued work. */
  delete(): void {
    this.queue.drop(this.key);
    this.surface.delete();
    if (this.slice) {
      if (this.sliceAdded) this.sink.remove(this.slice.slice);
      this.slice.delete();
    }
    this.slice = null;
    this.sliceAdded = false;
    this.sliceMaking?.return(null);
    this.sliceMaking = null;
  }

  /**
   * After a draw: when the current pass's work has all run (and so was drawn), returns its previews and
   * queues the previews that waited for it; none while it is still being applied (or there is none).
   */
  passDrawn(): LabelVolume[] {
    if (!this.passes.pending || this.queued) return [];
    const { drawn, next } = this.passes.finish();
    if (next) this.queuePass(next, []);
    return drawn;
  }

  private accept(volume: LabelVolume): void {
    // The bricks an unstarted pass has queued: a complete surface folded into it must clear those it lacks.
    const queued = this.passes.current?.surface.bricks.map((brick) => brick.index) ?? [];
    const pass = this.passes.take(volume);
    if (pass) this.queuePass(pass, queued);
  }

  private queuePass(pass: Pass, queued: number[]): void {
    const { volume, surface } = pass;
    this.refreshColors();
    // Any of the pass's own items that runs starts it (later previews then wait for the next pass).
    const enqueue = (name: string, item: FrameItem) => this.enqueue(name, { ...item, run: () => ((pass.started = true), item.run()) });
    // vtk's image mapper uploads only the plane it shows, and only when the slice is drawn (slice view).
    const sliceBytes = this.view === 'slice' ? planeVoxels(volume.shape, this.planeAxis) * volume.labels.BYTES_PER_ELEMENT : 0;
    enqueue('slice', { run: () => this.applySlice(volume), bytes: sliceBytes });
    const listed = new Set(surface.bricks.map((brick) => brick.index));
    if (surface.complete) {
      for (const index of new Set([...this.surface.filledBricks(), ...queued])) {
        if (!listed.has(index)) enqueue(`brick ${index}`, { run: () => this.surface.setBrick(index, emptySurface()), bricks: 1 });
      }
    }
    for (const brick of surface.bricks) {
      const bytes = brick.points.byteLength + brick.polys.byteLength + brick.cellLabels.byteLength + (brick.normals?.byteLength ?? 0) + (brick.pointLabels?.byteLength ?? 0);
      // A brick's first faces: its actor is made in a step of its own, then the faces go in.
      const run = () => {
        if (!this.surface.needsActor(brick.index, brick)) return this.surface.setBrick(brick.index, brick);
        this.surface.makeBrick(brick.index);
        return true;
      };
      enqueue(`brick ${brick.index}`, { run, deferred: brick.cellLabels.length, bricks: 1, bytes });
    }
  }

  /** Runs in steps the first time: the slice's vtk objects (SliceLayer.make), then the rest (see FrameItem.run). */
  private applySlice(volume: LabelVolume): boolean {
    if (!this.slice) {
      this.sliceMaking ??= SliceLayer.make(volume);
      const step = this.sliceMaking.next();
      if (step.done) {
        this.slice = step.value;
        this.sliceMaking = null;
      }
      return true;
    }
    if (!this.sliceAdded) {
      this.sliceAdded = true;
      this.sink.add(this.slice.slice);
      this.slice.setColors(this.sliceTable ?? layerColorTable(volume.labelIds, { ...this.palette, overrides: this.colors }));
      this.applyStyle();
    }
    this.slice.setVolume(volume);
    this.slice.setPlane(this.planeAxis, this.planePosition, this.orderLift);
    return false;
  }

  private refreshColors(): void {
    const ids = this.volume.labelIds;
    // Recycled dense indices change ids in place (same length, maybe same last id): key on all of them.
    const key = `${ids.length}:${idsHash(ids)}:${this.colorVersion}`;
    if (key === this.colorKey) return;
    this.colorKey = key;
    const version = ++this.colorBuilds;
    const palette: LayerPalette = { ...this.palette, overrides: this.colors };
    const table = new Float32Array(ids.length * 4);
    let filled = 0;
    this.enqueue('colors', {
      run: () => {
        if (filled < ids.length) {
          fillLayerColors(table, ids, filled, filled + COLOR_STEP, palette);
          filled += COLOR_STEP;
          return true;
        }
        this.sliceTable = table;
        this.slice?.setColors(table);
        this.surface.setColors(surfaceColors(table, version));
        // Each brick takes the new table in its own item, unless its new geometry is queued (it takes it then).
        for (const index of this.surface.filledBricks()) {
          if (this.queue.has(`${this.key}brick ${index}`)) continue;
          this.enqueue(`recolor ${index}`, { run: () => this.surface.recolorBrick(index), deferred: this.surface.facesOf(index), bricks: 1 });
        }
        return false;
      },
    });
  }

  /** Queues this layer's work under `name` (a newer item of the same name replaces it). */
  private enqueue(name: string, item: FrameItem): void {
    this.queue.enqueue(`${this.key}${name}`, { ...item, owner: this.id });
  }

  /** True while any of this layer's work waits in the queue. */
  get queued(): boolean {
    return this.queue.hasPrefix(this.key);
  }

  private queueStyle(): void {
    this.enqueue('style', { run: () => this.applyStyle() });
  }

  private applyStyle(): void {
    this.surface.setOpacity(this.opacity);
    this.surface.setVisible(this.visible && this.view === '3d');
    if (!this.slice) return;
    this.slice.setOpacity(this.opacity);
    this.slice.setStyle(this.sliceStyle);
    this.slice.setShown(this.visible && this.view === 'slice');
  }
}

/** FNV-1a over the ids (at most 65536 of them): cheap next to a preview, and it sees any id change. */
function idsHash(ids: Float64Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ids.length; i++) hash = Math.imul(hash ^ (ids[i]! | 0) ^ (ids[i]! / 0x100000000), 0x01000193);
  return hash >>> 0;
}
