// One job's 2D view: a slice (along z, y or x) of its dense label volume, coloured per dense index.
//
// The vtkImageData wraps the worker's typed array (no copy); a new preview swaps the array in place. The
// colour and opacity transfer functions are step functions keyed by dense index with NEAREST sampling,
// so a voxel shows exactly its label's colour and index 0 is transparent.
//
// 'outline' uses vtk.js's label-outline shader. That shader assumes an 8-bit texture (it reads the
// segment as `value * 255`), so uint16 labels are narrowed to a uint8 copy when they fit (≤ 256 dense
// indices) and drawn filled when they don't.
import type { DenseLabels, LabelVolume, Shape3, Vec3 } from '../labels/label-volume.ts';
import { planesAlong, type SliceAxis } from './slice-axis.ts';
import { placeSlice, voxelBounds } from './slice-plane.ts';
import {
  setColorSteps,
  setOpacitySteps,
  vtkColorTransferFunction,
  vtkImageData,
  vtkImageMapper,
  vtkImageSlice,
  vtkPiecewiseFunction,
  wrapArray,
  type ColorTransferFunction,
  type DataArray,
  type ImageData,
  type ImageMapper,
  type ImageSlice,
  type PiecewiseFunction,
  type StepNode,
} from './vtk.ts';

export type SliceStyle = 'filled' | 'outline';

/** Outline width in device pixels. */
const OUTLINE_THICKNESS = 2;
/** Smallest colour texture; each dense index needs a few texels for the step lookup to stay exact. */
const MIN_TABLE_WIDTH = 1024;
const MAX_TABLE_WIDTH = 4096;

export class SliceLayer {
  readonly slice: ImageSlice;
  private readonly image: ImageData;
  private readonly mapper: ImageMapper;
  private readonly scalars: DataArray;
  private readonly colorFn: ColorTransferFunction;
  private readonly opacityFn: PiecewiseFunction;
  private labels: DenseLabels;
  private shape: Shape3;
  private spacing: Vec3;
  private origin: Vec3;
  private rgba: Float32Array = new Float32Array(4);
  /** Number of dense indices of the current preview (labelIds.length). */
  private denseCount = 1;
  private style: SliceStyle = 'filled';
  private opacity = 1;
  private shown = true;
  private inRange = true;
  private outlineActive = false;

  /**
   * Makes the slice's vtk objects a few at a time, yielding between them: a page's first slice costs
   * tens of ms to make (vtk.js code run for the first time), more than one frame may spend. Returning
   * early (`return()`) frees what was made so far.
   */
  static *make(volume: LabelVolume): Generator<void, SliceLayer> {
    const made: Array<{ delete(): void }> = [];
    let done = false;
    try {
      const image = vtkImageData.newInstance();
      const scalars = wrapArray(volume.labels, 1, 'labels');
      made.push(image, scalars);
      image.getPointData().setScalars(scalars);
      yield;
      const mapper = vtkImageMapper.newInstance();
      made.push(mapper);
      mapper.setSlicingMode(vtkImageMapper.SlicingMode.K);
      mapper.setInputData(image);
      yield;
      const colorFn = vtkColorTransferFunction.newInstance();
      const opacityFn = vtkPiecewiseFunction.newInstance();
      made.push(colorFn, opacityFn);
      yield;
      const slice = vtkImageSlice.newInstance();
      made.push(slice);
      slice.setMapper(mapper);
      const layer = new SliceLayer(volume, { image, scalars, mapper, colorFn, opacityFn, slice });
      done = true;
      return layer;
    } finally {
      if (!done) for (const object of made) object.delete();
    }
  }

  /** Made by `make`, a step at a time. */
  private constructor(volume: LabelVolume, parts: { image: ImageData; scalars: DataArray; mapper: ImageMapper; colorFn: ColorTransferFunction; opacityFn: PiecewiseFunction; slice: ImageSlice }) {
    this.labels = volume.labels;
    this.shape = volume.shape;
    this.spacing = volume.spacing;
    this.origin = volume.origin;
    ({ image: this.image, scalars: this.scalars, mapper: this.mapper, colorFn: this.colorFn, opacityFn: this.opacityFn, slice: this.slice } = parts);
    const property = this.slice.getProperty();
    property.setInterpolationTypeToNearest();
    property.setIndependentComponents(false);
    property.setUseLookupTableScalarRange(true);
    property.setRGBTransferFunction(0, this.colorFn);
    property.setPiecewiseFunction(0, this.opacityFn);
    property.setLabelOutlineThickness(OUTLINE_THICKNESS);
    this.setVolume(volume);
  }

  /** Swaps in a new preview's labels (new arrays on the existing vtkImageData). */
  setVolume(volume: LabelVolume): void {
    this.labels = volume.labels;
    this.shape = volume.shape;
    this.spacing = volume.spacing;
    this.origin = volume.origin;
    this.denseCount = volume.labelIds.length;
    const [nz, ny, nx] = volume.shape;
    this.image.setDimensions(nx, ny, nz);
    this.image.setSpacing(volume.spacing);
    this.image.setOrigin(volume.origin);
    this.uploadLabels();
  }

  /** RGBA floats per dense index; index 0 is always transparent. */
  setColors(rgba: Float32Array): void {
    this.rgba = rgba;
    const count = Math.max(2, Math.floor(rgba.length / 4));
    const width = Math.min(MAX_TABLE_WIDTH, Math.max(MIN_TABLE_WIDTH, 4 * count));
    this.mapper.setColorTextureWidth(width);
    this.mapper.setOpacityTextureWidth(width);
    const colors: StepNode[] = [];
    for (let i = 0; i < count; i += 1) {
      colors.push({ x: i, rgb: [rgba[4 * i] ?? 0, rgba[4 * i + 1] ?? 0, rgba[4 * i + 2] ?? 0] });
    }
    setColorSteps(this.colorFn, colors);
    this.applyStyle();
  }

  setStyle(style: SliceStyle): void {
    if (style === this.style) return;
    this.style = style;
    this.uploadLabels();
  }

  setOpacity(opacity: number): void {
    this.opacity = opacity;
    this.applyStyle();
  }

  /** Layer visibility and view mode together: false hides the slice whatever the plane. */
  setShown(shown: boolean): void {
    this.shown = shown;
    this.applyVisibility();
  }

  /** Shows the plane along `axis` at a world position, lifted `lift` toward the camera (see slice-plane.ts). */
  setPlane(axis: SliceAxis, position: number, lift: number): void {
    const planes = planesAlong(this.shape, this.spacing, this.origin, axis);
    this.inRange = placeSlice(this.slice, this.mapper, planes, axis, position, lift);
    this.applyVisibility();
  }

  /** World bounds of the voxel extents [xmin, xmax, ymin, ymax, zmin, zmax]. */
  bounds(): number[] {
    return voxelBounds(this.shape, this.spacing, this.origin);
  }

  delete(): void {
    this.slice.delete();
    this.mapper.delete();
    this.colorFn.delete();
    this.opacityFn.delete();
    this.scalars.delete();
    this.image.delete();
  }

  private uploadLabels(): void {
    const wide = this.labels instanceof Uint16Array;
    const wasOutline = this.outlineActive;
    this.outlineActive = this.style === 'outline' && (!wide || this.denseCount <= 256);
    const data = this.outlineActive && wide ? Uint8Array.from(this.labels) : this.labels;
    this.scalars.setData(data, 1);
    // Dense indices are < labelIds.length by construction: telling vtk spares it a pass over the volume.
    this.scalars.setRange({ min: 0, max: Math.max(1, this.denseCount - 1) }, 0);
    this.image.modified();
    if (this.outlineActive !== wasOutline) this.applyStyle();
  }

  private applyStyle(): void {
    const count = Math.max(2, Math.floor(this.rgba.length / 4));
    // Outline mode draws only the borders: interiors get zero opacity, borders the layer's opacity.
    const fill = this.outlineActive ? 0 : 1;
    const opacities: StepNode[] = [{ x: 0, y: 0 }];
    for (let i = 1; i < count; i += 1) opacities.push({ x: i, y: fill * (this.rgba[4 * i + 3] ?? 0) });
    setOpacitySteps(this.opacityFn, opacities);
    const property = this.slice.getProperty();
    property.setOpacity(this.opacity);
    property.setUseLabelOutline(this.outlineActive);
    property.setLabelOutlineOpacity(this.opacity);
    // The outline shader writes depth even for background texels; in the translucent pass depth writes
    // are off, so an outlined layer cannot hide the layers and the base image under it.
    this.slice.setForceTranslucent(this.outlineActive);
  }

  private applyVisibility(): void {
    this.slice.setVisibility(this.shown && this.inRange);
  }
}
