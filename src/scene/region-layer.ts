// One overlay of region codes over the job layers (labels/label-regions.ts): the change view of a job, or
// the comparison of two. In slice view a slice of the codes in fixed colours, lifted above every layer;
// in 3D the boundary surfaces of the regions, one actor per brick. All vtk work is queued on the scene's
// FrameQueue: the slice in one item, the surface as one stepped item that builds and swaps a brick per
// step (labelSurface over the brick's box), so a region over a whole 128³ volume costs many frames a
// few ms each, never one long task. The surface is built only while the 3D view is shown.
import type { Rgba } from '../labels/colormap.ts';
import { emptySurface, labelSurface } from '../labels/label-surface.ts';
import type { RegionVolume } from '../labels/label-regions.ts';
import type { LabelVolume } from '../labels/label-volume.ts';
import type { FrameQueue } from './frame-queue.ts';
import type { LayerSink, SceneView } from './label-layer.ts';
import { SliceLayer } from './slice-layer.ts';
import { planeVoxels, type SliceAxis } from './slice-axis.ts';
import { SurfaceLayer, surfaceColors } from './surface-layer.ts';

/** Voxels per brick edge of a region's surface. */
const REGION_BRICK = 32;
/** Stacking order of region surfaces: above any job layer where faces coincide (surface-layer.ts). */
const REGION_ORDER = 64;

export class RegionLayer {
  private readonly surface: SurfaceLayer;
  private slice: SliceLayer | null = null;
  private sliceMaking: Generator<void, SliceLayer | null> | null = null;
  private sliceAdded = false;
  private region: RegionVolume | null = null;
  private readonly rgba: Float32Array;
  private view: SceneView = '3d';
  private visible = true;
  /** The region's surface is out of date (built while the 3D view was not shown). */
  private surfaceStale = false;
  private plane: { axis: SliceAxis; position: number; lift: number } = { axis: 'z', position: 0, lift: 0 };

  constructor(
    private readonly key: string,
    /** Colour of each code, code 1 first (0 is transparent). */
    colors: readonly Rgba[],
    private readonly queue: FrameQueue,
    private readonly sink: LayerSink,
  ) {
    this.rgba = new Float32Array(4 * (colors.length + 1));
    colors.forEach((color, i) => this.rgba.set(color, 4 * (i + 1)));
    this.surface = new SurfaceLayer(sink);
    this.surface.setColors(surfaceColors(this.rgba, 1));
    this.surface.setOrder(REGION_ORDER);
  }

  /** Shows new codes: the slice at once (queued), the surface when the 3D view is shown. */
  show(region: RegionVolume): void {
    this.region = region;
    // The plane across the shown axis, and only in slice view, where the slice is drawn.
    const bytes = this.view === 'slice' ? planeVoxels(region.grid.shape, this.plane.axis) * region.codes.BYTES_PER_ELEMENT : 0;
    this.enqueue('slice', { run: () => this.applySlice(region), bytes });
    this.surfaceStale = true;
    if (this.view === '3d') this.queueSurface();
  }

  setView(view: SceneView): void {
    this.view = view;
    if (view === '3d' && this.surfaceStale) this.queueSurface();
    this.enqueue('shown', { run: () => this.applyShown() });
  }

  /** Hidden with the layer it shows the change of (a host may hide a job). */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.enqueue('shown', { run: () => this.applyShown() });
  }

  setPlane(axis: SliceAxis, position: number, lift: number): void {
    this.plane = { axis, position, lift };
    this.enqueue('plane', { run: () => this.slice?.setPlane(axis, position, lift) });
  }

  delete(): void {
    this.queue.drop(this.key);
    this.surface.delete();
    if (this.slice && this.sliceAdded) this.sink.remove(this.slice.slice);
    this.slice?.delete();
    this.slice = null;
    this.sliceMaking?.return(null);
  }

  private applySlice(region: RegionVolume): boolean {
    const volume = asVolume(region, this.rgba.length / 4);
    let slice = this.slice;
    if (!slice) {
      this.sliceMaking ??= SliceLayer.make(volume);
      const step = this.sliceMaking.next();
      if (!step.done || !step.value) return !step.done;
      slice = this.slice = step.value;
      this.sliceMaking = null;
      slice.setColors(this.rgba);
    }
    if (!this.sliceAdded) {
      this.sliceAdded = true;
      this.sink.add(slice.slice);
    }
    slice.setVolume(volume);
    slice.setPlane(this.plane.axis, this.plane.position, this.plane.lift);
    this.applyShown();
    return false;
  }

  /** One stepped item: a brick's faces built and swapped per step. */
  private queueSurface(): void {
    const region = this.region;
    if (!region) return;
    this.surfaceStale = false;
    const { codes, grid } = region;
    const [nz, ny, nx] = grid.shape;
    const boxes: Array<{ min: [number, number, number]; max: [number, number, number] }> = [];
    for (let z = 0; z < nz; z += REGION_BRICK) {
      for (let y = 0; y < ny; y += REGION_BRICK) {
        for (let x = 0; x < nx; x += REGION_BRICK) boxes.push({ min: [x, y, z], max: [x + REGION_BRICK, y + REGION_BRICK, z + REGION_BRICK] });
      }
    }
    let next = 0;
    // Bricks the previous codes filled beyond the new grid's bricks are emptied at the end.
    const stale = new Set(this.surface.filledBricks());
    this.enqueue('surface', {
      run: () => {
        if (next < boxes.length) {
          const index = next++;
          stale.delete(index);
          const faces = labelSurface(codes, grid.shape, grid.spacing, grid.origin, boxes[index]);
          if (faces.cellLabels.length > 0 || this.surface.facesOf(index) > 0) this.surface.setBrick(index, faces);
          this.applyShown();
          return next < boxes.length || stale.size > 0;
        }
        for (const index of stale) this.surface.setBrick(index, emptySurface());
        stale.clear();
        return false;
      },
    });
  }

  private applyShown(): void {
    this.surface.setVisible(this.visible && this.view === '3d');
    this.slice?.setShown(this.visible && this.view === 'slice');
  }

  private enqueue(name: string, item: { run(): boolean | void; bytes?: number }): void {
    this.queue.enqueue(`${this.key}${name}`, { ...item, owner: this.key });
  }
}

/** The codes as a label volume of `count` dense indices, which is what a SliceLayer draws. */
function asVolume({ codes, grid }: RegionVolume, count: number): LabelVolume {
  const { shape, spacing, origin } = grid;
  return {
    shape,
    spacing,
    origin,
    labels: codes,
    labelIds: Float64Array.from({ length: count }, (_, i) => i),
    labelCounts: new Float64Array(count),
    downsampleFactor: 1,
    sourceShape: shape,
    changed: null,
    surface: { factor: 1, brickSize: REGION_BRICK, complete: true, bricks: [], faces: 0, exactFaces: 0, maxFaces: 0 },
  };
}
