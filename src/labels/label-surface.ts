// Dense labels → the boundary faces of every label as quads (a blocky "voxel surface"), for a vtkPolyData.
// Convention (vtkImageData's): voxel (i, j, k) has its CENTER at origin + (i, j, k) · spacing, so it spans
// ±0.5 · spacing around it and its faces lie at (i ± 0.5) · spacing.
import { backgroundWords, isBackgroundRun } from './background-words.ts';
import type { DenseLabels, LabelSurface, Shape3, Vec3, VoxelBox } from './label-volume.ts';

/**
 * One quad per face between a labelled voxel and a voxel of another dense label (or background, or the
 * outside of the volume). A face belongs to its labelled voxel (cellLabels = that voxel's dense index) and
 * winds counter-clockwise seen from outside that voxel, so its normal points away from its owner. Where
 * two labels touch there are two coplanar quads of opposite orientation; with back-face culling a viewer
 * sees the one of the label on the far side, which is also right through a translucent near label.
 * Vertices are shared between faces (one per grid corner in use). Arrays are exactly sized.
 *
 * With `box`, only the faces owned by the voxels inside it (neighbours are still read from the whole
 * volume): the surfaces of the boxes of a partition together hold exactly the faces of the whole volume.
 */
export function labelSurface(labels: DenseLabels, shape: Shape3, spacing: Vec3, origin: Vec3 = [0, 0, 0], box?: VoxelBox, scratch?: SurfaceScratch): LabelSurface {
  const [nz, ny, nx] = shape;
  const [x0, y0, z0] = box ? [Math.max(0, box.min[0]), Math.max(0, box.min[1]), Math.max(0, box.min[2])] : [0, 0, 0];
  const [x1, y1, z1] = box ? [Math.min(nx, box.max[0]), Math.min(ny, box.max[1]), Math.min(nz, box.max[2])] : [nx, ny, nz];
  if (!(x1 > x0 && y1 > y0 && z1 > z0)) return emptySurface();
  const out = new SurfaceBuilder([x0, y0], [x1 - x0, y1 - y0], spacing, origin, scratch ?? createSurfaceScratch());
  const slab = ny * nx;
  // Rows of background (most of a label volume) are passed over a word at a time: a face needs a labelled voxel.
  const background = backgroundWords(labels);
  const empty = (z: number, y: number) => z < 0 || z >= nz || y < 0 || y >= ny || isBackgroundRun(labels, background, z * slab + y * nx + x0, z * slab + y * nx + x1);
  for (let k = z0; k <= z1; k++) {
    out.startPlane(k, k === z0);
    // Faces normal to z on plane k, between voxel rows k - 1 (below) and k (above).
    const belowBase = (k - 1) * slab;
    const aboveBase = k * slab;
    const belowIn = k > z0;
    const aboveIn = k < z1;
    for (let y = y0; y < y1; y++) {
      if (empty(k - 1, y) && empty(k, y)) continue;
      for (let x = x0; x < x1; x++) {
        const below = k > 0 ? labels[belowBase + y * nx + x]! : 0;
        const above = k < nz ? labels[aboveBase + y * nx + x]! : 0;
        if (below === above) continue;
        if (below !== 0 && belowIn) out.quad(out.lower(x, y), out.lower(x + 1, y), out.lower(x + 1, y + 1), out.lower(x, y + 1), below);
        if (above !== 0 && aboveIn) out.quad(out.lower(x, y), out.lower(x, y + 1), out.lower(x + 1, y + 1), out.lower(x + 1, y), above);
      }
    }
    if (k === z1) break;
    // Faces normal to y and x within voxel layer k: corners on planes k (lower) and k + 1 (upper).
    for (let y = y0; y <= y1; y++) {
      if (empty(k, y - 1) && empty(k, y)) continue;
      for (let x = x0; x < x1; x++) {
        const before = y > 0 ? labels[aboveBase + (y - 1) * nx + x]! : 0;
        const after = y < ny ? labels[aboveBase + y * nx + x]! : 0;
        if (before === after) continue;
        if (before !== 0 && y > y0) out.quad(out.lower(x, y), out.upper(x, y), out.upper(x + 1, y), out.lower(x + 1, y), before);
        if (after !== 0 && y < y1) out.quad(out.lower(x, y), out.lower(x + 1, y), out.upper(x + 1, y), out.upper(x, y), after);
      }
    }
    for (let y = y0; y < y1; y++) {
      // A face at x0 owned by the voxel left of the box is not this box's; with the row background, none is.
      if (empty(k, y)) continue;
      const row = aboveBase + y * nx;
      let left = x0 > 0 ? labels[row + x0 - 1]! : 0;
      for (let x = x0; x <= x1; x++) {
        const right = x < nx ? labels[row + x]! : 0;
        if (left !== right) {
          if (left !== 0 && x > x0) out.quad(out.lower(x, y), out.lower(x, y + 1), out.upper(x, y + 1), out.upper(x, y), left);
          if (right !== 0 && x < x1) out.quad(out.lower(x, y), out.upper(x, y), out.upper(x, y + 1), out.lower(x, y + 1), right);
        }
        left = right;
      }
    }
  }
  return out.finish();
}

export function emptySurface(): LabelSurface {
  return { points: new Float32Array(0), polys: new Uint32Array(0), cellLabels: new Uint16Array(0) };
}

/**
 * Working arrays that labelSurface calls one after another (the bricks of a preview) grow into and
 * reuse: only each call's exact-size copies are new memory.
 */
export interface SurfaceScratch {
  points: Float32Array;
  polys: Uint32Array;
  cellLabels: Uint16Array;
}

export function createSurfaceScratch(): SurfaceScratch {
  return { points: new Float32Array(3 * 4096), polys: new Uint32Array(5 * 4096), cellLabels: new Uint16Array(4096) };
}

/** Growing output arrays (kept in the scratch) plus the point-index maps of the two z planes the current voxel layer touches. */
class SurfaceBuilder {
  private readonly arrays: SurfaceScratch;
  private pointCount = 0;
  private quadCount = 0;
  private lowerMap: Int32Array;
  private upperMap: Int32Array;
  private plane = 0;
  private readonly x0: number;
  private readonly y0: number;
  private readonly rowLength: number;
  private readonly spacing: Vec3;
  private readonly origin: Vec3;

  /** Corners (x, y) of the box starting at `start` and `size` voxels wide. */
  constructor([x0, y0]: [number, number], [nx, ny]: [number, number], spacing: Vec3, origin: Vec3, arrays: SurfaceScratch) {
    this.arrays = arrays;
    this.x0 = x0;
    this.y0 = y0;
    this.rowLength = nx + 1;
    this.spacing = spacing;
    this.origin = origin;
    this.lowerMap = new Int32Array((nx + 1) * (ny + 1)).fill(-1);
    this.upperMap = new Int32Array((nx + 1) * (ny + 1)).fill(-1);
  }

  /** Moves to voxel layer k: plane k's map is the previous upper one, plane k + 1 starts empty. */
  startPlane(k: number, first: boolean): void {
    this.plane = k;
    if (first) return;
    const reuse = this.lowerMap;
    this.lowerMap = this.upperMap;
    this.upperMap = reuse.fill(-1);
  }

  /** Point index of grid corner (x, y) on plane k. */
  lower(x: number, y: number): number {
    return this.corner(this.lowerMap, x, y, this.plane);
  }

  /** Point index of grid corner (x, y) on plane k + 1. */
  upper(x: number, y: number): number {
    return this.corner(this.upperMap, x, y, this.plane + 1);
  }

  quad(a: number, b: number, c: number, d: number, label: number): void {
    const arrays = this.arrays;
    if (this.quadCount === arrays.cellLabels.length) {
      arrays.polys = grow(arrays.polys, arrays.polys.length * 2, this.quadCount * 5);
      arrays.cellLabels = grow(arrays.cellLabels, arrays.cellLabels.length * 2, this.quadCount);
    }
    const at = this.quadCount * 5;
    const polys = arrays.polys;
    polys[at] = 4;
    polys[at + 1] = a;
    polys[at + 2] = b;
    polys[at + 3] = c;
    polys[at + 4] = d;
    arrays.cellLabels[this.quadCount++] = label;
  }

  finish(): { points: Float32Array; polys: Uint32Array; cellLabels: Uint16Array } {
    const { points, polys, cellLabels } = this.arrays;
    return {
      points: points.slice(0, this.pointCount * 3),
      polys: polys.slice(0, this.quadCount * 5),
      cellLabels: cellLabels.slice(0, this.quadCount),
    };
  }

  private corner(map: Int32Array, x: number, y: number, z: number): number {
    const slot = (y - this.y0) * this.rowLength + (x - this.x0);
    const known = map[slot]!;
    if (known >= 0) return known;
    const index = this.pointCount++;
    const arrays = this.arrays;
    if (index * 3 === arrays.points.length) arrays.points = grow(arrays.points, arrays.points.length * 2, index * 3);
    const points = arrays.points;
    const at = index * 3;
    points[at] = this.origin[0] + (x - 0.5) * this.spacing[0];
    points[at + 1] = this.origin[1] + (y - 0.5) * this.spacing[1];
    points[at + 2] = this.origin[2] + (z - 0.5) * this.spacing[2];
    map[slot] = index;
    return index;
  }
}

/** A `length` array holding the first `used` entries of `array`. */
function grow<T extends Float32Array | Uint32Array | Uint16Array>(array: T, length: number, used: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array.subarray(0, used));
  return bigger;
}
