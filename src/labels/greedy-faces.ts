// The voxel surface with its unit faces merged into rectangles ("greedy meshing"): same label-exact
// boundary as labelSurface (label-surface.ts), covering exactly the same unit faces with the same owner
// and orientation, but a blobby label's flat patches become one quad each. Why: the 3D view is drawn by
// a software rasterizer (SwiftShader) whose cost per frame grows with the triangles, not the pixels —
// measured 330–540 ms a frame for 4 × 128³ layers of ≈ 48k unit faces each, with render() itself
// taking 6–14 ms of the main thread. Pure.
import { backgroundWords, isBackgroundRun, wordGrid, wordLabel } from './background-words.ts';
import { rowClearOf, type RowExtents } from './row-extents.ts';
import type { DenseLabels, LabelSurface, Shape3, Vec3, VoxelBox } from './label-volume.ts';
import { emptySurface } from './label-surface.ts';

/**
 * Working memory reused by the bricks of one preview: six face masks (one per axis and side) and the
 * corner → point map of a box. Grown as needed; only each call's exact-size output copies are new memory.
 */
export interface GreedyScratch {
  masks: Uint16Array[];
  corners: Int32Array;
  points: Float32Array;
  /** Label of each point so far (a corner is shared only by quads of one label). */
  pointLabels: Uint16Array;
  polys: Uint32Array;
  cellLabels: Uint16Array;
}

export function createGreedyScratch(): GreedyScratch {
  return { masks: [], corners: new Int32Array(0), points: new Float32Array(3 * 1024), pointLabels: new Uint16Array(1024), polys: new Uint32Array(5 * 1024), cellLabels: new Uint16Array(1024) };
}

/**
 * The boundary of every label as labelSurface defines it (a face between a labelled voxel and anything
 * else, owned by that voxel, wound counter-clockwise seen from outside it; with `box`, only the faces of
 * the voxels inside it), as maximal-ish rectangles: on each face plane, the unit faces of one owner and
 * side are covered row by row by the widest run, grown over the following rows while they match.
 */
export function greedyLabelSurface(
  labels: DenseLabels,
  shape: Shape3,
  spacing: Vec3,
  origin: Vec3 = [0, 0, 0],
  box?: VoxelBox,
  scratch: GreedyScratch = createGreedyScratch(),
  extents?: RowExtents,
): LabelSurface {
  const [nz, ny, nx] = shape;
  const x0 = box ? Math.max(0, box.min[0]) : 0;
  const y0 = box ? Math.max(0, box.min[1]) : 0;
  const z0 = box ? Math.max(0, box.min[2]) : 0;
  const x1 = box ? Math.min(nx, box.max[0]) : nx;
  const y1 = box ? Math.min(ny, box.max[1]) : ny;
  const z1 = box ? Math.min(nz, box.max[2]) : nz;
  if (!(x1 > x0 && y1 > y0 && z1 > z0)) return emptySurface();
  const X = x1 - x0;
  const Y = y1 - y0;
  const Z = z1 - z0;
  // Mask of axis a (0 = x, 1 = y, 2 = z) and side s (0: owned by the voxel below the plane, normal +a;
  // 1: owned by the voxel above, normal −a). Plane p of axis a is at voxel boundary a0 + p; its cells are
  // indexed by the two other axes (u, v) with u × v = +a: x → (y, z), y → (z, x), z → (x, y).
  const sizes = [(X + 1) * Y * Z, X * (Y + 1) * Z, X * Y * (Z + 1)];
  const masks = prepareMasks(scratch, sizes);
  const [mx0, mx1, my0, my1, mz0, mz1] = masks as [Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array, Uint16Array];
  // Rows (v) of each plane that hold a face, as [first, last + 1] per plane and axis: merging reads only those.
  const rows = [new RowSpans(X + 1), new RowSpans(Y + 1), new RowSpans(Z + 1)] as const;
  const slab = ny * nx;
  // A row of cells whose own voxels and the rows below it (y − 1, z − 1) are background (most of a label
  // volume) has no face: passed over a word at a time.
  // With the grid's row extents (surface-budget.ts finds them once per preview), a lookup per row.
  const background = backgroundWords(labels);
  const empty = extents
    ? (z: number, y: number) => z < 0 || z >= nz || y < 0 || y >= ny || rowClearOf(extents, z * ny + y, x0, x1)
    : (z: number, y: number) => z < 0 || z >= nz || y < 0 || y >= ny || isBackgroundRun(labels, background, z * slab + y * nx + x0, z * slab + y * nx + x1);
  // In a row of the volume, a word of one label equal to the words below it (y − 1, z − 1), after a
  // voxel of that label, has no face on any of the three planes.
  const { words, perWord, shift, lane, wordsPerRow, wordsPerSlab } = wordGrid(labels, nx, slab);
  for (let z = z0; z <= z1; z++) {
    for (let y = y0; y <= y1; y++) {
      if (empty(z, y) && empty(z, y - 1) && empty(z - 1, y)) continue;
      const row = z * slab + y * nx;
      const inVolume = y < ny && z < nz;
      for (let x = x0; x <= x1; x++) {
        if (words && inVolume && (x & lane) === 0 && x + perWord <= x1) {
          const at = (row + x) >> shift;
          const w = words[at]!;
          if (wordLabel(w, perWord) === (x > 0 ? labels[row + x - 1]! : 0) && w === (y > 0 ? words[at - wordsPerRow]! : 0) && w === (z > 0 ? words[at - wordsPerSlab]! : 0)) {
            x += lane;
            continue;
          }
        }
        const v = y < ny && z < nz && x < nx ? labels[row + x]! : 0;
        // Plane x (between x − 1 and x), cells (y, z) inside the box.
        if (y < y1 && z < z1) {
          const left = x > 0 ? labels[row + x - 1]! : 0;
          if (left !== v) {
            const at = ((x - x0) * Z + (z - z0)) * Y + (y - y0);
            if (left !== 0 && x > x0) mx0[at] = left;
            if (v !== 0 && x < x1) mx1[at] = v;
            rows[0].mark(x - x0, z - z0);
          }
        }
        if (x === x1) continue;
        // Plane y, cells (z, x) inside the box.
        if (z < z1) {
          const before = y > 0 ? labels[row - nx + x]! : 0;
          if (before !== v) {
            const at = ((y - y0) * X + (x - x0)) * Z + (z - z0);
            if (before !== 0 && y > y0) my0[at] = before;
            if (v !== 0 && y < y1) my1[at] = v;
            rows[1].mark(y - y0, x - x0);
          }
        }
        // Plane z, cells (x, y) inside the box.
        if (y < y1) {
          const below = z > 0 ? labels[row - slab + x]! : 0;
          if (below !== v) {
            const at = ((z - z0) * Y + (y - y0)) * X + (x - x0);
            if (below !== 0 && z > z0) mz0[at] = below;
            if (v !== 0 && z < z1) mz1[at] = v;
            rows[2].mark(z - z0, y - y0);
          }
        }
      }
    }
  }
  const out = new QuadWriter(scratch, [x0, y0, z0], [X, Y, Z], spacing, origin);
  // Per axis: [plane count, u extent, v extent], and how (plane, u, v) map to grid corners (x, y, z).
  const axes: Array<{ planes: number; nu: number; nv: number; corner: (p: number, u: number, v: number, label: number) => number }> = [
    { planes: X + 1, nu: Y, nv: Z, corner: (p, u, v, label) => out.corner(p, u, v, label) },
    { planes: Y + 1, nu: Z, nv: X, corner: (p, u, v, label) => out.corner(v, p, u, label) },
    { planes: Z + 1, nu: X, nv: Y, corner: (p, u, v, label) => out.corner(u, v, p, label) },
  ];
  for (let a = 0; a < 3; a++) {
    const { planes, nu, nv, corner } = axes[a]!;
    const spans = rows[a]!;
    for (let side = 0; side < 2; side++) {
      const mask = masks[a * 2 + side]!;
      for (let p = 0; p < planes; p++) {
        const [first, end] = spans.of(p);
        if (first >= end) continue;
        mergeRectangles(mask, p * nu * nv + first * nu, nu, end - first, (u, v, du, dv, label) => {
          v += first;
          const c00 = corner(p, u, v, label);
          const c10 = corner(p, u + du, v, label);
          const c11 = corner(p, u + du, v + dv, label);
          const c01 = corner(p, u, v + dv, label);
          if (side === 0) out.quad(c00, c10, c11, c01, label);
          else out.quad(c00, c01, c11, c10, label);
        });
      }
    }
  }
  return out.finish();
}

/**
 * Covers the non-zero cells of one nu × nv plane of `mask` (starting at `offset`, u fastest) with
 * rectangles of one value each, and clears them: each rectangle starts at the first uncovered cell in
 * row order, takes the longest run of its value along u, then grows along v while the next row holds
 * that whole run. `emit(u, v, du, dv, value)`.
 */
export function mergeRectangles(mask: Uint16Array, offset: number, nu: number, nv: number, emit: (u: number, v: number, du: number, dv: number, value: number) => void): void {
  for (let v = 0; v < nv; v++) {
    const row = offset + v * nu;
    for (let u = 0; u < nu; u++) {
      const value = mask[row + u]!;
      if (value === 0) continue;
      let du = 1;
      while (u + du < nu && mask[row + u + du] === value) du++;
      let dv = 1;
      grow: while (v + dv < nv) {
        const next = row + dv * nu + u;
        for (let i = 0; i < du; i++) if (mask[next + i] !== value) break grow;
        dv++;
      }
      for (let j = 0; j < dv; j++) mask.fill(0, row + j * nu + u, row + j * nu + u + du);
      emit(u, v, du, dv, value);
      u += du - 1;
    }
  }
}

/** Per plane, the first and one past the last row that holds a face. */
class RowSpans {
  private readonly spans: Int32Array;

  constructor(planes: number) {
    this.spans = new Int32Array(planes * 2);
    for (let p = 0; p < planes; p++) this.spans[p * 2] = 2 ** 30;
  }

  mark(plane: number, row: number): void {
    const at = plane * 2;
    if (row < this.spans[at]!) this.spans[at] = row;
    if (row + 1 > this.spans[at + 1]!) this.spans[at + 1] = row + 1;
  }

  of(plane: number): [number, number] {
    return [this.spans[plane * 2]!, this.spans[plane * 2 + 1]!];
  }
}

/** Zeroed masks of the given sizes, reusing the scratch's when big enough (they are left zeroed after use). */
function prepareMasks(scratch: GreedyScratch, sizes: number[]): Uint16Array[] {
  const masks: Uint16Array[] = [];
  for (let i = 0; i < 6; i++) {
    const size = sizes[i >> 1]!;
    let mask = scratch.masks[i];
    if (!mask || mask.length < size) scratch.masks[i] = mask = new Uint16Array(size);
    masks.push(mask);
  }
  return masks;
}

/**
 * Output arrays in the scratch, and a point per grid corner and label in use: quads of one label share
 * their corners, quads of two labels never do (each point is drawn in its label's colour: point-colors.ts).
 * The box-local corner map holds the corner's latest point; another label's quad there gets a new one.
 */
class QuadWriter {
  private readonly scratch: GreedyScratch;
  private readonly corners: Int32Array;
  private readonly start: Vec3;
  private readonly rowX: number;
  private readonly slabXY: number;
  private readonly spacing: Vec3;
  private readonly origin: Vec3;
  private pointCount = 0;
  private quadCount = 0;

  constructor(scratch: GreedyScratch, start: Vec3, [X, Y, Z]: Vec3, spacing: Vec3, origin: Vec3) {
    const size = (X + 1) * (Y + 1) * (Z + 1);
    if (scratch.corners.length < size) scratch.corners = new Int32Array(size);
    this.corners = scratch.corners;
    this.corners.fill(-1, 0, size);
    this.scratch = scratch;
    this.start = start;
    this.rowX = X + 1;
    this.slabXY = (X + 1) * (Y + 1);
    this.spacing = spacing;
    this.origin = origin;
  }

  /** Point index of the box-local grid corner (x, y, z) for a quad of `label`. */
  corner(x: number, y: number, z: number, label: number): number {
    const slot = z * this.slabXY + y * this.rowX + x;
    const known = this.corners[slot]!;
    const s = this.scratch;
    if (known >= 0 && s.pointLabels[known] === label) return known;
    const index = this.pointCount++;
    if (index * 3 === s.points.length) s.points = grow(s.points, index * 3);
    if (index === s.pointLabels.length) s.pointLabels = grow(s.pointLabels, index);
    s.pointLabels[index] = label;
    const at = index * 3;
    s.points[at] = this.origin[0] + (this.start[0] + x - 0.5) * this.spacing[0];
    s.points[at + 1] = this.origin[1] + (this.start[1] + y - 0.5) * this.spacing[1];
    s.points[at + 2] = this.origin[2] + (this.start[2] + z - 0.5) * this.spacing[2];
    this.corners[slot] = index;
    return index;
  }

  quad(a: number, b: number, c: number, d: number, label: number): void {
    const s = this.scratch;
    if (this.quadCount === s.cellLabels.length) {
      s.polys = grow(s.polys, this.quadCount * 5);
      s.cellLabels = grow(s.cellLabels, this.quadCount);
    }
    const at = this.quadCount * 5;
    s.polys[at] = 4;
    s.polys[at + 1] = a;
    s.polys[at + 2] = b;
    s.polys[at + 3] = c;
    s.polys[at + 4] = d;
    s.cellLabels[this.quadCount++] = label;
  }

  finish(): LabelSurface {
    const s = this.scratch;
    return {
      points: s.points.slice(0, this.pointCount * 3),
      polys: s.polys.slice(0, this.quadCount * 5),
      cellLabels: s.cellLabels.slice(0, this.quadCount),
      pointLabels: s.pointLabels.slice(0, this.pointCount),
    };
  }
}

/** Twice as long, holding the first `used` entries. */
function grow<T extends Float32Array | Uint32Array | Uint16Array>(array: T, used: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(16, array.length * 2));
  bigger.set(array.subarray(0, used));
  return bigger;
}
