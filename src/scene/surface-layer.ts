// One job's 3D view: the boundary surface of its labels, one vtk actor per brick: flat-shaded voxel quads,
// or a smooth surface shaded by the normals the worker sent with it.
//
// Why surfaces and not volume rendering: separate vtkVolumes do not intermix in vtk.js (two jobs would
// sort as whole boxes), ray casting is far too slow under software WebGL, and the worker already hands us
// the boundary quads. Surfaces are depth-buffered, so overlapping jobs occlude each other correctly.
// Each quad's points carry its label's RGBA (point-colors.ts: every point belongs to one label), so
// neighbouring ids never blend and vtk packs the brick's buffers without a per-corner pass.
//
// Why one actor per brick: vtk.js rebuilds a mapper's whole vertex buffer when its data changes, so a
// brick is the unit of upload; swapping one brick never touches the others' buffers. Each brick has its
// own colours too, so a colour change can also be spread over frames brick by brick.
import type { LabelSurface } from '../labels/label-volume.ts';
import {
  setPointNormals,
  setPolygonOffset,
  vtkActor,
  vtkMapper,
  vtkPolyData,
  wrapArray,
  type Actor,
  type DataArray,
  type Mapper,
  type PolyData,
} from './vtk.ts';
import { labelPoints, paintPoints } from './point-colors.ts';

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
  private readonly pointColors: DataArray;
  private readonly normals: DataArray;
  /** Dense label index of each point (point-colors.ts), kept to repaint on a colour change. */
  private pointLabels: Uint16Array = new Uint16Array(0);
  private colors: SurfaceColors | null = null;
  private opacity = 1;
  colorVersion = -1;
  faces = 0;

  constructor() {
    this.polyData = vtkPolyData.newInstance();
    this.pointColors = wrapArray(new Uint8Array(0), 4, 'colors');
    this.polyData.getPointData().setScalars(this.pointColors);
    this.normals = wrapArray(new Float32Array(0), 3, 'Normals');
    // RGBA bytes per point, drawn as they are: vtk's indexed vertex buffer, no lookup (see point-colors.ts).
    this.mapper = vtkMapper.newInstance({
      scalarMode: vtkMapper.ScalarMode.USE_POINT_DATA,
      colorMode: vtkMapper.ColorMode.DIRECT_SCALARS,
      interpolateScalarsBeforeMapping: false,
    });
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
    const mesh = labelPoints(surface);
    this.polyData.getPoints().setData(mesh.points, 3);
    this.polyData.getPolys().setData(mesh.polys);
    this.pointLabels = mesh.pointLabels;
    this.pointColors.setData(new Uint8Array(mesh.pointLabels.length * 4), 4);
    if (this.colors) this.paint(this.colors);
    // Without normals vtk.js shades each triangle flat (from screen-space derivatives): right for voxel faces.
    if (mesh.normals) this.normals.setData(mesh.normals, 3);
    setPointNormals(this.polyData, mesh.normals ? this.normals : null);
    this.polyData.modified();
    this.faces = surface.cellLabels.length;
  }

  setColors(colors: SurfaceColors): void {
    this.colorVersion = colors.version;
    this.colors = colors;
    this.paint(colors);
    this.applyTranslucency();
    this.mapper.modified();
  }

  setOpacity(opacity: number): void {
    this.opacity = opacity;
    this.actor.getProperty().setOpacity(opacity);
    this.applyTranslucency();
  }

  setOrder(order: number): void {
    setPolygonOffset(this.mapper, order * OFFSET_PER_LAYER.factor, order * OFFSET_PER_LAYER.units);
  }

  delete(): void {
    this.actor.delete();
    this.mapper.delete();
    this.pointColors.delete();
    this.normals.delete();
    this.polyData.delete();
  }

  private paint(colors: SurfaceColors): void {
    paintPoints(this.pointLabels, colors.bytes, this.pointColors.getData() as Uint8Array);
    this.pointColors.modified();
  }

  /**
   * Which pass draws the brick, said outright: a translucent label colour must go through the translucent
   * pass, and left to itself vtk would find out by scanning every point's alpha after each swap.
   */
  private applyTranslucency(): void {
    const translucent = (this.colors?.translucent ?? false) || this.opacity < 1;
    this.actor.setForceTranslucent(translucent);
    this.actor.setForceOpaque(!translucent);
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
    brick.setOpacity(this.opacity);
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
    for (const brick of this.bricks.values()) brick.setOpacity(opacity);
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
