// Dense labels → a smooth surface per label (surface nets), for a vtkPolyData. A label's surface has the
// very quads of its voxel faces (label-surface.ts: same count, owners and winding, so the face budget
// holds as it is), but each quad corner is a vertex of that label alone — two labels that touch keep
// separate surfaces — and moves off the grid corner: first to the mean of the crossing points of its
// cell (surface nets: the midpoints of the edges between the cell's 8 voxel centres where membership of
// the label changes), then a few Taubin steps toward its neighbours, never leaving its cell (the cube
// between those 8 voxel centres; "constrained elastic surface nets"). Per-vertex normals shade it smooth.
//
// Bricks: a brick's mesh is built over the brick plus SMOOTH_APRON voxels, so every vertex and normal it
// sends comes from the same voxels, through the same arithmetic in the same order, as in a build of the
// whole volume: vertices that neighbouring bricks share coincide exactly. Pure.
import { backgroundWords, isBackgroundRun } from './background-words.ts';
import { emptySurface } from './label-surface.ts';
import type { DenseLabels, LabelSurface, Shape3, Vec3, VoxelBox } from './label-volume.ts';

/**
 * Relaxation steps, alternating shrink (λ) and inflate (μ, Taubin's) so a small object keeps its size.
 * Light on purpose: four steps round the staircase off; more would melt thin structures into their cells.
 */
const STEPS = [0.6, -0.62, 0.6, -0.62];

/**
 * Voxels a brick's build reads beyond the brick: a vertex moves by its neighbours once per step (one
 * voxel each), its first position reads its cell (one more), and a normal the positions one step away.
 */
export const SMOOTH_APRON = STEPS.length + 2;

/**
 * Face directions of a voxel (−x, +x, −y, +y, −z, +z): the step to the neighbour across the face, and
 * the quad's corners (offsets from the voxel's lowest corner) counter-clockwise seen from outside.
 */
const FACE_STEPS: readonly Vec3[] = [[-1, 0, 0], [1, 0, 0], [0, -1, 0], [0, 1, 0], [0, 0, -1], [0, 0, 1]];
const FACE_CORNERS: readonly (readonly Vec3[])[] = [
  [[0, 0, 0], [0, 0, 1], [0, 1, 1], [0, 1, 0]],
  [[1, 0, 0], [1, 1, 0], [1, 1, 1], [1, 0, 1]],
  [[0, 0, 0], [1, 0, 0], [1, 0, 1], [0, 0, 1]],
  [[0, 1, 0], [0, 1, 1], [1, 1, 1], [1, 1, 0]],
  [[0, 0, 0], [0, 1, 0], [1, 1, 0], [1, 0, 0]],
  [[0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]],
];

/** For each edge from a corner (−x, +x, −y, +y, −z, +z): the bits (cell-voxel numbers, see placeVertices) of the 4 voxels around it. */
const RING_MASKS = [
  [0, 2, 4, 6],
  [1, 3, 5, 7],
  [0, 1, 4, 5],
  [2, 3, 6, 7],
  [0, 1, 2, 3],
  [4, 5, 6, 7],
].map((bits) => bits.reduce((mask, bit) => mask | (1 << bit), 0));

/**
 * The smooth surface of every label, as labelSurface's quads with moved, per-label corners and unit
 * normals per point. With `box`, only the quads owned by the voxels inside it (the rest of the volume
 * is read as needed): the surfaces of a partition's boxes together are the whole volume's surface.
 */
/** Working memory smoothSurface calls one after another (the bricks of a preview) reuse: the corner table. */
export interface SmoothScratch {
  /** −1 everywhere between calls. */
  head: Int32Array;
}

export function createSmoothScratch(): SmoothScratch {
  return { head: new Int32Array(0) };
}

export function smoothSurface(labels: DenseLabels, shape: Shape3, spacing: Vec3, origin: Vec3 = [0, 0, 0], box?: VoxelBox, scratch = createSmoothScratch()): LabelSurface {
  const [nz, ny, nx] = shape;
  const size: Vec3 = [nx, ny, nz];
  const inner: VoxelBox = {
    min: [0, 1, 2].map((a) => Math.max(0, box?.min[a] ?? 0)) as Vec3,
    max: [0, 1, 2].map((a) => Math.min(size[a]!, box?.max[a] ?? size[a]!)) as Vec3,
  };
  if (inner.max.some((max, a) => max <= inner.min[a]!)) return emptySurface();
  const region: VoxelBox = {
    min: inner.min.map((v) => Math.max(0, v - SMOOTH_APRON)) as Vec3,
    max: inner.max.map((v, a) => Math.min(size[a]!, v + SMOOTH_APRON)) as Vec3,
  };
  const corners = region.max.reduce((n, max, a) => n * (max - region.min[a]! + 1), 1);
  if (scratch.head.length < corners) scratch.head = new Int32Array(corners).fill(-1);
  const mesh = new LabelMesh(labels, shape, region, scratch.head);
  try {
    mesh.addFaces(inner);
    mesh.placeVertices();
    for (const step of STEPS) mesh.relax(step);
    return mesh.output(spacing, origin);
  } finally {
    mesh.clearCorners();
  }
}

/** The quads and per-label corner vertices of the faces owned by a region's voxels. */
class LabelMesh {
  private readonly labels: DenseLabels;
  private readonly nx: number;
  private readonly ny: number;
  private readonly nz: number;
  private readonly region: VoxelBox;
  /** Corners of the region: (max − min + 1) per axis, x fastest. */
  private readonly cornerRow: number;
  private readonly cornerSlab: number;
  /** First vertex at each corner (−1: none); further labels' vertices there follow `next`. */
  private readonly head: Int32Array;
  private readonly vertexCorner = new IntList();
  private readonly vertexLabel = new IntList();
  private readonly next = new IntList();
  /** Per vertex, its offset from its grid corner in voxels, [x, y, z]. */
  private offsets = new Float64Array(0);
  /** Per quad: four vertices, its owner's label, whether its owner is in the box sent. */
  private readonly quads = new IntList();
  private readonly quadLabel = new IntList();
  private readonly quadSent = new IntList();
  /** Six neighbour vertices per vertex (−x, +x, −y, +y, −z, +z; −1: none), along the mesh's edges. */
  private neighbours = new Int32Array(0);

  /** `head`: −1 at least over the region's corners; clearCorners() leaves it so. */
  constructor(labels: DenseLabels, [nz, ny, nx]: Shape3, region: VoxelBox, head: Int32Array) {
    this.labels = labels;
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.region = region;
    const [cx, cy, cz] = region.max.map((max, a) => max - region.min[a]! + 1) as Vec3;
    this.cornerRow = cx;
    this.cornerSlab = cx * cy;
    this.head = head;
  }

  /** Label of voxel (x, y, z); 0 outside the volume. */
  label(x: number, y: number, z: number): number {
    if (x < 0 || y < 0 || z < 0 || x >= this.nx || y >= this.ny || z >= this.nz) return 0;
    return this.labels[(z * this.ny + y) * this.nx + x]!;
  }

  /** Every face owned by a labelled voxel of the region, in voxel order (z, y, x) then FACES order. */
  addFaces(sent: VoxelBox): void {
    const { min, max } = this.region;
    const background = backgroundWords(this.labels);
    for (let z = min[2]; z < max[2]; z++) {
      for (let y = min[1]; y < max[1]; y++) {
        const row = (z * this.ny + y) * this.nx;
        if (isBackgroundRun(this.labels, background, row + min[0], row + max[0])) continue;
        const { nx, ny, nz, labels } = this;
        const slab = nx * ny;
        for (let x = min[0]; x < max[0]; x++) {
          const i = row + x;
          const own = labels[i]!;
          if (own === 0) continue;
          // Most labelled voxels are inside their label: six reads tell, without a face to make.
          if (x > 0 && x < nx - 1 && y > 0 && y < ny - 1 && z > 0 && z < nz - 1) {
            if (labels[i - 1] === own && labels[i + 1] === own && labels[i - nx] === own && labels[i + nx] === own && labels[i - slab] === own && labels[i + slab] === own) continue;
          }
          const inBox = x >= sent.min[0] && x < sent.max[0] && y >= sent.min[1] && y < sent.max[1] && z >= sent.min[2] && z < sent.max[2];
          for (let f = 0; f < 6; f++) {
            const step = FACE_STEPS[f]!;
            if (this.label(x + step[0], y + step[1], z + step[2]) === own) continue;
            const corners = FACE_CORNERS[f]!;
            for (let k = 0; k < 4; k++) {
              const c = corners[k]!;
              this.quads.push(this.vertex(x + c[0], y + c[1], z + c[2], own));
            }
            this.quadLabel.push(own);
            this.quadSent.push(inBox ? 1 : 0);
          }
        }
      }
    }
  }

  /** Surface nets' first positions, and each vertex's neighbours along the mesh's edges. */
  placeVertices(): void {
    const count = this.vertexLabel.length;
    this.offsets = new Float64Array(count * 3);
    this.neighbours = new Int32Array(count * 6).fill(-1);
    for (let v = 0; v < count; v++) {
      const [cx, cy, cz] = this.cornerOf(v);
      const label = this.vertexLabel.at(v);
      // The cell's 8 voxels, bit (i + 2j + 4k) for voxel (cx − 1 + i, cy − 1 + j, cz − 1 + k): in the label?
      let inside = 0;
      for (let k = 0; k < 2; k++) for (let j = 0; j < 2; j++) for (let i = 0; i < 2; i++) if (this.label(cx - 1 + i, cy - 1 + j, cz - 1 + k) === label) inside |= 1 << (i + 2 * j + 4 * k);
      let sx = 0;
      let sy = 0;
      let sz = 0;
      let crossings = 0;
      // Edge midpoints relative to the corner: an edge along x between the voxels at (j, k) lies at (0, j − ½, k − ½).
      for (let a = 0; a < 2; a++) {
        for (let b = 0; b < 2; b++) {
          // Bits of the edge's two voxels: along x (j = a, k = b), along y (i = a, k = b), along z (i = a, j = b).
          if (((inside >> (2 * a + 4 * b)) & 1) !== ((inside >> (1 + 2 * a + 4 * b)) & 1)) (sy += a - 0.5, sz += b - 0.5, crossings++);
          if (((inside >> (a + 4 * b)) & 1) !== ((inside >> (a + 2 + 4 * b)) & 1)) (sx += a - 0.5, sz += b - 0.5, crossings++);
          if (((inside >> (a + 2 * b)) & 1) !== ((inside >> (a + 2 * b + 4)) & 1)) (sx += a - 0.5, sy += b - 0.5, crossings++);
        }
      }
      const o = this.offsets;
      o[v * 3] = crossings ? sx / crossings : 0;
      o[v * 3 + 1] = crossings ? sy / crossings : 0;
      o[v * 3 + 2] = crossings ? sz / crossings : 0;
      // An edge from this corner is the mesh's when the 4 voxels around it are partly in the label.
      for (let d = 0; d < 6; d++) {
        const ring = inside & RING_MASKS[d]!;
        if (ring === 0 || ring === RING_MASKS[d]) continue;
        const axis = d >> 1;
        const shift = d & 1 ? 1 : -1;
        this.neighbours[v * 6 + d] = this.find(cx + (axis === 0 ? shift : 0), cy + (axis === 1 ? shift : 0), cz + (axis === 2 ? shift : 0), label);
      }
    }
  }

  /** One Laplacian step of `weight` (Jacobi: every vertex from the positions before the step), kept in its cell. */
  relax(weight: number): void {
    const count = this.vertexLabel.length;
    const before = this.offsets;
    const after = new Float64Array(before.length);
    for (let v = 0; v < count; v++) {
      let n = 0;
      let mx = 0;
      let my = 0;
      let mz = 0;
      for (let d = 0; d < 6; d++) {
        const w = this.neighbours[v * 6 + d]!;
        if (w < 0) continue;
        // A neighbour's position relative to this corner: its own offset, one voxel along the edge.
        const axis = d >> 1;
        const shift = d & 1 ? 1 : -1;
        mx += before[w * 3]! + (axis === 0 ? shift : 0);
        my += before[w * 3 + 1]! + (axis === 1 ? shift : 0);
        mz += before[w * 3 + 2]! + (axis === 2 ? shift : 0);
        n++;
      }
      if (n === 0) {
        after.set(before.subarray(v * 3, v * 3 + 3), v * 3);
        continue;
      }
      after[v * 3] = clampHalf(before[v * 3]! + weight * (mx / n - before[v * 3]!));
      after[v * 3 + 1] = clampHalf(before[v * 3 + 1]! + weight * (my / n - before[v * 3 + 1]!));
      after[v * 3 + 2] = clampHalf(before[v * 3 + 2]! + weight * (mz / n - before[v * 3 + 2]!));
    }
    this.offsets = after;
  }

  /** The quads owned by the box's voxels and their vertices, in world units, with unit normals per point. */
  output(spacing: Vec3, origin: Vec3): LabelSurface {
    const count = this.vertexLabel.length;
    const world = new Float64Array(count * 3);
    for (let v = 0; v < count; v++) {
      const corner = this.cornerOf(v);
      for (let a = 0; a < 3; a++) world[v * 3 + a] = origin[a]! + (corner[a]! - 0.5 + this.offsets[v * 3 + a]!) * spacing[a]!;
    }
    // Area-weighted quad normals (the cross product of its diagonals) summed at its corners, in quad order.
    const sums = new Float64Array(count * 3);
    const quads = this.quads.array;
    const quadCount = this.quadLabel.length;
    let sent = 0;
    for (let q = 0; q < quadCount; q++) {
      const a = quads[q * 4]! * 3;
      const b = quads[q * 4 + 1]! * 3;
      const c = quads[q * 4 + 2]! * 3;
      const d = quads[q * 4 + 3]! * 3;
      const ux = world[c]! - world[a]!;
      const uy = world[c + 1]! - world[a + 1]!;
      const uz = world[c + 2]! - world[a + 2]!;
      const wx = world[d]! - world[b]!;
      const wy = world[d + 1]! - world[b + 1]!;
      const wz = world[d + 2]! - world[b + 2]!;
      const nx = uy * wz - uz * wy;
      const ny = uz * wx - ux * wz;
      const nz = ux * wy - uy * wx;
      for (const at of [a, b, c, d]) {
        sums[at] = sums[at]! + nx;
        sums[at + 1] = sums[at + 1]! + ny;
        sums[at + 2] = sums[at + 2]! + nz;
      }
      sent += this.quadSent.at(q);
    }
    const index = new Int32Array(count).fill(-1);
    const polys = new Uint32Array(sent * 5);
    const cellLabels = new Uint16Array(sent);
    const used = new IntList();
    let at = 0;
    for (let q = 0; q < quadCount; q++) {
      if (!this.quadSent.at(q)) continue;
      polys[at * 5] = 4;
      for (let k = 0; k < 4; k++) {
        const v = quads[q * 4 + k]!;
        if (index[v] === -1) {
          index[v] = used.length;
          used.push(v);
        }
        polys[at * 5 + 1 + k] = index[v]!;
      }
      cellLabels[at++] = this.quadLabel.at(q);
    }
    const points = new Float32Array(used.length * 3);
    const normals = new Float32Array(used.length * 3);
    const pointLabels = new Uint16Array(used.length);
    for (let i = 0; i < used.length; i++) {
      pointLabels[i] = this.vertexLabel.at(used.at(i));
      const v = used.at(i) * 3;
      const length = Math.hypot(sums[v]!, sums[v + 1]!, sums[v + 2]!) || 1;
      for (let a = 0; a < 3; a++) {
        points[i * 3 + a] = world[v + a]!;
        normals[i * 3 + a] = sums[v + a]! / length;
      }
    }
    return { points, polys, cellLabels, normals, pointLabels };
  }

  /** Puts −1 back at every corner this mesh used. */
  clearCorners(): void {
    for (let v = 0; v < this.vertexCorner.length; v++) this.head[this.vertexCorner.at(v)] = -1;
  }

  private cornerOf(v: number): Vec3 {
    const at = this.vertexCorner.at(v);
    const { min } = this.region;
    return [min[0] + (at % this.cornerRow), min[1] + (Math.floor(at / this.cornerRow) % (this.cornerSlab / this.cornerRow)), min[2] + Math.floor(at / this.cornerSlab)];
  }

  /** The vertex of `label` at grid corner (x, y, z), −1 when it has none (or the corner is outside the region). */
  private find(x: number, y: number, z: number, label: number): number {
    const { min, max } = this.region;
    if (x < min[0] || y < min[1] || z < min[2] || x > max[0] || y > max[1] || z > max[2]) return -1;
    for (let v = this.head[(z - min[2]) * this.cornerSlab + (y - min[1]) * this.cornerRow + (x - min[0])]!; v >= 0; v = this.next.at(v)) {
      if (this.vertexLabel.at(v) === label) return v;
    }
    return -1;
  }

  private vertex(x: number, y: number, z: number, label: number): number {
    const found = this.find(x, y, z, label);
    if (found >= 0) return found;
    const { min } = this.region;
    const corner = (z - min[2]) * this.cornerSlab + (y - min[1]) * this.cornerRow + (x - min[0]);
    const v = this.vertexLabel.length;
    this.vertexCorner.push(corner);
    this.vertexLabel.push(label);
    this.next.push(this.head[corner]!);
    this.head[corner] = v;
    return v;
  }
}

/** Within the cell: at most half a voxel from its corner along each axis. */
function clampHalf(value: number): number {
  return value < -0.5 ? -0.5 : value > 0.5 ? 0.5 : value;
}

/** A growing list of integers in an Int32Array (a plain array of a few hundred thousand numbers costs the garbage collector). */
class IntList {
  array = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = new Int32Array(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }

  at(index: number): number {
    return this.array[index]!;
  }
}
