// The optional grayscale intensity volume under the labels, shown in the slice view only. It is the
// full-resolution original: voxel (0, 0, 0) is centred at the world origin.
//
// In 3D it is skipped on purpose: an opaque plane through the surfaces would hide every label behind it,
// and the host viewer usually draws the anatomy itself.
import type { Shape3, Vec3 } from '../labels/label-volume.ts';
import { planesAlong, type SliceAxis } from './slice-axis.ts';
import { placeSlice, voxelBounds } from './slice-plane.ts';
import {
  vtkImageData,
  vtkImageMapper,
  vtkImageSlice,
  wrapArray,
  type DataArray,
  type ImageData,
  type ImageMapper,
  type ImageSlice,
  type VtkTypedArray,
} from './vtk.ts';

/** Intensity voxels in [z, y, x] C order, like the labels. */
export type IntensityArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

export class BaseSlice {
  readonly slice: ImageSlice;
  private readonly image: ImageData;
  private readonly mapper: ImageMapper;
  private readonly scalars: DataArray;
  private shape: Shape3 = [1, 1, 1];
  private spacing: Vec3 = [1, 1, 1];
  private shown = true;
  private inRange = true;

  constructor(data: IntensityArray, shape: Shape3, spacing: Vec3) {
    checkVoxelCount(data, shape);
    this.image = vtkImageData.newInstance();
    // setVolume below puts the real values in; converting them here too would copy a big volume twice.
    this.scalars = wrapArray(new Float32Array(1), 1, 'intensity');
    this.image.getPointData().setScalars(this.scalars);
    this.mapper = vtkImageMapper.newInstance();
    this.mapper.setSlicingMode(vtkImageMapper.SlicingMode.K);
    this.mapper.setInputData(this.image);
    this.slice = vtkImageSlice.newInstance();
    this.slice.setMapper(this.mapper);
    this.slice.getProperty().setInterpolationTypeToLinear();
    this.setVolume(data, shape, spacing);
  }

  setVolume(data: IntensityArray, shape: Shape3, spacing: Vec3): void {
    checkVoxelCount(data, shape);
    const [nz, ny, nx] = shape;
    this.shape = shape;
    this.spacing = spacing;
    this.image.setDimensions(nx, ny, nz);
    this.image.setSpacing(spacing);
    this.image.setOrigin([0, 0, 0]);
    const values = textureFriendly(data);
    this.scalars.setData(values, 1);
    const [low, high] = valueRange(values);
    this.scalars.setRange({ min: low, max: high }, 0); // already known: spare vtk its own pass
    this.image.modified();
    const property = this.slice.getProperty();
    property.setColorWindow(Math.max(high - low, Number.EPSILON));
    property.setColorLevel((high + low) / 2);
  }

  setShown(shown: boolean): void {
    this.shown = shown;
    this.applyVisibility();
  }

  setPlane(axis: SliceAxis, position: number, lift: number): void {
    const planes = planesAlong(this.shape, this.spacing, [0, 0, 0], axis);
    this.inRange = placeSlice(this.slice, this.mapper, planes, axis, position, lift);
    this.applyVisibility();
  }

  bounds(): number[] {
    return voxelBounds(this.shape, this.spacing, [0, 0, 0]);
  }

  delete(): void {
    this.slice.delete();
    this.mapper.delete();
    this.scalars.delete();
    this.image.delete();
  }

  private applyVisibility(): void {
    this.slice.setVisibility(this.shown && this.inRange);
  }
}

/** vtk.js textures take 8/16-bit integers and float32; wider types become float32. */
/** Throws before any vtk object is made or changed, so a wrong call leaves the scene as it was. */
export function checkVoxelCount(data: IntensityArray, [nz, ny, nx]: Shape3): void {
  if (data.length !== nx * ny * nz) throw new RangeError(`The base volume has ${data.length} voxels but shape [${nz},${ny},${nx}] needs ${nx * ny * nz}.`);
}

function textureFriendly(data: IntensityArray): VtkTypedArray {
  if (data instanceof Uint32Array || data instanceof Int32Array || data instanceof Float64Array) {
    return Float32Array.from(data);
  }
  return data;
}

function valueRange(values: VtkTypedArray): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] ?? 0;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return low <= high ? [low, high] : [0, 1];
}
