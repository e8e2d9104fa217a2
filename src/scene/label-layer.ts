// One job's label layer: its 3D surface and its 2D slice, fed by the same previews and styled together.
//
// vtk objects are made once, in the constructor; every later preview swaps arrays in place. The colour
// table is rebuilt only when the job's dense index changes (ids added or recycled) or its colours change.
import { isEmptyVoxelBox } from '../labels/changed-region.ts';
import { labelColorTable, type Rgba } from '../labels/colormap.ts';
import type { LabelVolume } from '../labels/label-volume.ts';
import { SliceLayer, type SliceStyle } from './slice-layer.ts';
import type { ZPlanes } from './slice-plane.ts';
import { SurfaceLayer } from './surface-layer.ts';
import type { ImageSlice, Actor } from './vtk.ts';

export type SceneView = '3d' | 'slice';

export interface LabelLayerStyle {
  /** Default true. */
  visible?: boolean;
  /** Layer opacity 0..1, default 1. */
  opacity?: number;
  /** Colour per ORIGINAL label id, overriding the colormap. */
  colors?: ReadonlyMap<number, Rgba>;
}

export class LabelLayer {
  private readonly surface: SurfaceLayer;
  private readonly slice: SliceLayer;
  private volume: LabelVolume;
  private visible = true;
  private opacity = 1;
  private colors: ReadonlyMap<number, Rgba> | undefined;
  private view: SceneView = '3d';
  /** Identifies the colour table in use; '' forces a rebuild. */
  private colorKey = '';
  private colorVersion = 0;
  /** How far this layer's slice is lifted toward the camera (its stacking order). */
  private orderLift = 0;

  constructor(volume: LabelVolume) {
    this.volume = volume;
    this.surface = new SurfaceLayer(volume.surface);
    this.slice = new SliceLayer(volume);
    this.refreshColors();
  }

  /** The vtk props to add to the renderer, bottom first. */
  get props(): [Actor, ImageSlice] {
    return [this.surface.actor, this.slice.slice];
  }

  /**
   * Takes a new preview. Returns false when it was skipped because `changed` says no voxel differs
   * (the previous arrays stay on screen).
   */
  setVolume(volume: LabelVolume): boolean {
    if (volume.changed && isEmptyVoxelBox(volume.changed)) return false;
    this.volume = volume;
    this.surface.setSurface(volume.surface);
    this.slice.setVolume(volume);
    this.refreshColors();
    return true;
  }

  setStyle(style: LabelLayerStyle): void {
    if (style.visible !== undefined) this.visible = style.visible;
    if (style.opacity !== undefined) {
      this.opacity = Math.min(1, Math.max(0, style.opacity));
      this.surface.setOpacity(this.opacity);
      this.slice.setOpacity(this.opacity);
    }
    if ('colors' in style) {
      this.colors = style.colors;
      this.colorVersion += 1;
      this.refreshColors();
    }
    this.applyVisibility();
  }

  setView(view: SceneView): void {
    this.view = view;
    this.applyVisibility();
  }

  setSliceStyle(style: SliceStyle): void {
    this.slice.setStyle(style);
  }

  /** Stacking position among layers (0 = bottom). */
  setOrder(order: number, sliceLift: number): void {
    this.surface.setOrder(order);
    this.orderLift = sliceLift;
  }

  setPlane(worldZ: number): void {
    this.slice.setPlane(worldZ, this.orderLift);
  }

  /** World bounds of the whole label volume [xmin, xmax, ymin, ymax, zmin, zmax]. */
  bounds(): number[] {
    return this.slice.bounds();
  }

  /** The layer's voxel planes along z (slice-plane.ts). */
  get planes(): ZPlanes {
    return this.slice.planes;
  }

  delete(): void {
    this.surface.delete();
    this.slice.delete();
  }

  private refreshColors(): void {
    const ids = this.volume.labelIds;
    // Recycled dense indices change ids in place (same length, maybe same last id): key on all of them.
    const key = `${ids.length}:${idsHash(ids)}:${this.colorVersion}`;
    if (key === this.colorKey) return;
    this.colorKey = key;
    const table = labelColorTable(ids, this.colors);
    this.surface.setColors(table);
    this.slice.setColors(table);
  }

  private applyVisibility(): void {
    this.surface.setVisible(this.visible && this.view === '3d');
    this.slice.setShown(this.visible && this.view === 'slice');
  }
}

/** FNV-1a over the ids (at most 65536 of them): cheap next to a preview, and it sees any id change. */
function idsHash(ids: Float64Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ids.length; i++) hash = Math.imul(hash ^ (ids[i]! | 0) ^ (ids[i]! / 0x100000000), 0x01000193);
  return hash >>> 0;
}
