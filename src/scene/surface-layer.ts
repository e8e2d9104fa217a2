// One job's 3D view: the boundary surface of its labels, drawn as flat-shaded quads.
//
// Why surfaces and not volume rendering: separate vtkVolumes do not intermix in vtk.js (two jobs would
// sort as whole boxes), ray casting is far too slow under software WebGL, and the worker already hands us
// the boundary quads. Surfaces are depth-buffered, so overlapping jobs occlude each other correctly.
// Each quad carries its dense label index as a cell scalar; colours come from a lookup table indexed by
// that integer, so neighbouring ids never blend.
import type { LabelSurface } from '../labels/label-volume.ts';
import {
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

export class SurfaceLayer {
  readonly actor: Actor;
  private readonly polyData: PolyData;
  private readonly mapper: Mapper;
  private readonly table: LookupTable;
  private readonly cellLabels: DataArray;
  private quads = 0;
  private visible = true;

  constructor(surface: LabelSurface) {
    this.polyData = vtkPolyData.newInstance();
    this.cellLabels = wrapArray(surface.cellLabels, 1, 'labels');
    this.polyData.getCellData().setScalars(this.cellLabels);
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
    this.setSurface(surface);
  }

  /** Points the existing vtkPolyData at a new surface (no new vtk objects). */
  setSurface(surface: LabelSurface): void {
    this.polyData.getPoints().setData(surface.points, 3);
    this.polyData.getPolys().setData(surface.polys);
    this.cellLabels.setData(surface.cellLabels, 1);
    this.polyData.modified();
    this.quads = surface.cellLabels.length;
    this.applyVisibility();
  }

  /** RGBA floats per dense index (index 0 is background and drawn transparent). */
  setColors(rgba: Float32Array): void {
    const count = Math.max(2, Math.floor(rgba.length / 4));
    const bytes = new Uint8Array(count * 4);
    for (let i = 4; i < rgba.length && i < bytes.length; i += 1) {
      bytes[i] = Math.round(Math.min(1, Math.max(0, rgba[i] ?? 0)) * 255);
    }
    let translucent = false;
    for (let i = 7; i < bytes.length; i += 4) if (bytes[i]! > 0 && bytes[i]! < 255) translucent = true;
    // Range [0, count - 1]: vtk.js colours cell scalars through a texture resampled from this table at
    // `count` evenly spaced values over the range, so only this range puts every sample exactly on an
    // integer index (a ±0.5 range shifts the top ids by one).
    this.table.setRange(0, count - 1);
    this.table.setTable(wrapArray(bytes, 4, 'colors'));
    // A translucent label colour must go through the translucent pass; the mapper only checks uint8 scalars.
    this.actor.setForceTranslucent(translucent);
    this.mapper.modified();
  }

  setOpacity(opacity: number): void {
    this.actor.getProperty().setOpacity(opacity);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.applyVisibility();
  }

  /** Stacking order among layers: a later layer wins where two surfaces coincide. */
  setOrder(order: number): void {
    setPolygonOffset(this.mapper, order * OFFSET_PER_LAYER.factor, order * OFFSET_PER_LAYER.units);
  }

  delete(): void {
    this.actor.delete();
    this.mapper.delete();
    this.table.delete();
    this.cellLabels.delete();
    this.polyData.delete();
  }

  private applyVisibility(): void {
    this.actor.setVisibility(this.visible && this.quads > 0);
  }
}
