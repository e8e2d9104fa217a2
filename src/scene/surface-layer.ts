// One job's 3D view: the boundary surface of its labels, one vtk actor per brick: flat-shaded voxel quads,
// or a smooth surface shaded by the normals the worker sent with it.
//
// Why surfaces and not volume rendering: separate vtkVolumes do not intermix in vtk.js (two jobs would
// sort as whole boxes), ray casting is far too slow under software WebGL, and the worker already hands us
// the boundary quads. Surfaces are depth-buffered, so overlapping jobs occlude each other correctly.
// Each quad carries its dense label index as a cell scalar; colours come from a lookup table indexed by
// that integer, so neighbouring ids never blend.
//
// Why one actor per brick: vtk.js rebuilds a mapper's whole vertex buffer when its data changes, so a
// brick is the unit of upload; swapping one brick never touches the others' buffers. Each brick has its
// own lookup table too, so a colour change can also be spread over frames brick by brick.
import type { LabelSurface } from '../labels/label-volume.ts';
import {
  setPointNormals,
  setPolygonOffset,
  vtkActor,
  vtkLookupTable,
  vtkMapper,
  vtkPolyData,
  wrapArray,
  type Actor,
  type DataArray,
  type LookupTable,
  type Mapper,
  type PolyData,
} from './vtk.ts';

/**
 * Depth bias per stacking step, as vtk polygon-offset (factor, units): the factor term scales with the
 * face's depth slope, which is what separates coincident oblique faces (rasterizers snap vertices to a
 * sub-pixel grid, so two triangulations of one plane differ by up to slope × snap); units cover faces
 * seen head-on, whose slope is zero.
 */
const OFFSET_PER_LAYER = { factor: -1, units: -4 };

/** Where a layer's actors go: the renderer, through the scene. */
export interface PropSink {
  add(actor: Actor): void;
  remove(actor: Actor): void;
}

/** A colour table ready for vtk: RGBA bytes per dense index and whether any colour is translucent. */
export interface SurfaceColors {
  bytes: Uint8Array;
  count: number;
  translucent: boolean;
  /** Changes whenever the colours do, so a brick knows whether its table is current. */
  version: number;
}

/** RGBA floats per dense index (index 0 is background and drawn transparent) → a SurfaceColors. */
export function surfaceColors(rgba: Float32Array, version: number): SurfaceColors {
  const count = Math.max(2, Math.floor(rgba.length / 4));
  const bytes = new Uint8Array(count * 4);
  for (let i = 4; i < rgba.length && i < bytes.length; i += 1) bytes[i] = Math.round(Math.min(1, Math.max(0, rgba[i] ?? 0)) * 255);
  let translucent = false;
  for (let i = 7; i < bytes.length; i += 4) if (bytes[i]! > 0 && bytes[i]! < 255) translucent = true;
  return { bytes, count, translucent, version };
}

class BrickActor {
  readonly actor: Actor;
  private readonly polyData: PolyData;
  private readonly mapper: Mapper;
  private readonly table: LookupTable;
  private readonly cellLabels: DataArray;
  private readonly normals: DataArray;
  colorVersion = -1;
  faces = 0;

  constructor() {
    this.polyData = vtkPolyData.newInstance();
    this.cellLabels = wrapArray(new Uint16Array(0), 1, 'labels');
    this.polyData.getCellData().setScalars(this.cellLabels);
    this.normals = wrapArray(new Float32Array(0), 3, 'Normals');
    this.table = vtkLookupTable.newInstance();
    this.mapper = vtkMapper.newInstance({
      scalarMode: vtkMapper.ScalarMode.USE_CELL_DATA,
      colorMode: vtkMapper.ColorMode.MAP_SCALARS,
      interpolateScalarsBeforeMapping: false,
      useLookupTableScalarRange: true,
    });
    this.mapper.setLookupTable(this.table);
    this.mapper.setInputData(this.polyData);
    this.actor = vtkActor.newInstance();
    this.actor.setMapper(this.mapper);
    // Head-on faces show the exact label colour (ambient + diffuse = 1); side faces stay readable.
    const property = this.actor.getProperty();
    property.setAmbient(0.3);
    property.setDiffuse(0.7);
    property.setSpecular(0);
    // labelSurface emits two opposite quads where labels touch; culling keeps only the one facing us.
    property.setBackfaceCulling(true);
  }

  /** Points the existing vtkPolyData at new arrays (no new vtk objects). */
  setSurface(surface: LabelSurface): void {
    this.polyData.getPoints().setData(surface.points, 3);
    this.polyData.getPolys().setData(surface.polys);
    this.cellLabels.setData(surface.cellLabels, 1);
    // Without normals vtk.js shades each triangle flat (from screen-space derivatives): right for voxel faces.
    if (surface.normals) this.normals.setData(surface.normals, 3);
    setPointNormals(this.polyData, surface.normals ? this.normals : null);
    this.polyData.modified();
    this.faces = surface.cellLabels.length;
  }

  setColors(colors: SurfaceColors): void {
    this.colorVersion = colors.version;
    // Range [0, count - 1]: vtk.js colours cell scalars through a texture resampled from this table at
    // `count` evenly spaced values over the range, so only this range puts every sample exactly on an
    // integer index (a ±0.5 range shifts the top ids by one).
    this.table.setRange(0, colors.count - 1);
    this.table.setTable(wrapArray(colors.bytes, 4, 'colors'));
    // A translucent label colour must go through the translucent pass; the mapper only checks uint8 scalars.
    this.actor.setForceTranslucent(colors.translucent);
    this.mapper.modified();
  }

  setOrder(order: number): void {
    setPolygonOffset(this.mapper, order * OFFSET_PER_LAYER.factor, order * OFFSET_PER_LAYER.units);
  }

  delete(): void {
    this.actor.delete();
    this.mapper.delete();
    this.table.delete();
    this.cellLabels.delete();
    this.normals.delete();
    this.polyData.delete();
  }
}

export class SurfaceLayer {
  private readonly bricks = new Map<number, BrickActor>();
  private readonly sink: PropSink;
  private colors: SurfaceColors = surfaceColors(new Float32Array(8), 0);
  private opacity = 1;
  private visible = true;
  private order = 0;
  /** vtk actors ever made (a brick's actor is kept and reused when it empties). */
  actorsCreated = 0;

  constructor(sink: PropSink) {
    this.sink = sink;
  }

  /** True when `surface` needs an actor that brick `index` does not have yet (see makeBrick). */
  needsActor(index: number, surface: LabelSurface): boolean {
    return !this.bricks.has(index) && surface.cellLabels.length > 0;
  }

  /**
   * Makes brick `index`'s actor, hidden until it has faces: its vtk objects cost as much as a swap, so
   * the frame queue runs this as a step of its own.
   */
  makeBrick(index: number): void {
    if (this.bricks.has(index)) return;
    const brick = new BrickActor();
    this.actorsCreated += 1;
    brick.setOrder(this.order);
    brick.actor.getProperty().setOpacity(this.opacity);
    this.bricks.set(index, brick);
    this.applyVisibility(brick);
    this.sink.add(brick.actor);
  }

  /** Replaces one brick's faces; the brick's actor is made on first use (makeBrick) and reused after. */
  setBrick(index: number, surface: LabelSurface): void {
    if (this.needsActor(index, surface)) this.makeBrick(index);
    const brick = this.bricks.get(index);
    if (!brick) return;
    brick.setSurface(surface);
    if (brick.colorVersion !== this.colors.version) brick.setColors(this.colors);
    this.applyVisibility(brick);
  }

  /** Indices of the bricks that hold faces now. */
  filledBricks(): number[] {
    return [...this.bricks].filter(([, brick]) => brick.faces > 0).map(([index]) => index);
  }

  /** Faces of one brick now (0 when it has none). */
  facesOf(index: number): number {
    return this.bricks.get(index)?.faces ?? 0;
  }

  /** The layer's colours from now on; bricks take them in recolorBrick (or when next swapped). */
  setColors(colors: SurfaceColors): void {
    this.colors = colors;
  }

  /** Gives one brick the layer's current colours (no-op when it has them). */
  recolorBrick(index: number): void {
    const brick = this.bricks.get(index);
    if (brick && brick.colorVersion !== this.colors.version) brick.setColors(this.colors);
  }

  setOpacity(opacity: number): void {
    this.opacity = opacity;
    for (const brick of this.bricks.values()) brick.actor.getProperty().setOpacity(opacity);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    for (const brick of this.bricks.values()) this.applyVisibility(brick);
  }

  /** Stacking order among layers: a later layer wins where two surfaces coincide. */
  setOrder(order: number): void {
    this.order = order;
    for (const brick of this.bricks.values()) brick.setOrder(order);
  }

  delete(): void {
    for (const brick of this.bricks.values()) {
      this.sink.remove(brick.actor);
      brick.delete();
    }
    this.bricks.clear();
  }

  private applyVisibility(brick: BrickActor): void {
    brick.actor.setVisibility(this.visible && brick.faces > 0);
  }
}
