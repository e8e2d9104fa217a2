// Spec of the smooth (surface nets) label surface: where its vertices may be, that it is closed, that it
// is the voxel faces' surface made smooth, and that bricks built apart join exactly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brickBox, brickCount, brickGrid } from '../../src/labels/bricks.ts';
import { labelSurface } from '../../src/labels/label-surface.ts';
import { changedRegion } from '../../src/labels/changed-region.ts';
import type { LabelSurface, Shape3, SurfaceBrick, Vec3 } from '../../src/labels/label-volume.ts';
import { smoothSurface } from '../../src/labels/smooth-surface.ts';
import { buildSurfaceBricks } from '../../src/labels/surface-bricks.ts';

const N = 20;
const SHAPE: Shape3 = [N, N, N];
const CENTER: Vec3 = [9.3, 9.6, 9.1];
const RADIUS = 6.2;

/** Voxels within RADIUS of CENTER are `label`. */
function sphere(label = 1, labels: Uint8Array<ArrayBuffer> = new Uint8Array(N * N * N)): Uint8Array<ArrayBuffer> {
  for (let z = 0; z < N; z++) for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
    if (Math.hypot(x - CENTER[0], y - CENTER[1], z - CENTER[2]) <= RADIUS) labels[(z * N + y) * N + x] = label;
  }
  return labels;
}

function point(surface: LabelSurface, p: number): Vec3 {
  return [surface.points[p * 3]!, surface.points[p * 3 + 1]!, surface.points[p * 3 + 2]!];
}

/** Each quad as its four corner points and its label. */
function quads(surface: LabelSurface): Array<{ corners: Vec3[]; ids: number[]; label: number }> {
  const out = [];
  for (let q = 0; q * 5 < surface.polys.length; q++) {
    assert.equal(surface.polys[q * 5], 4);
    const ids = [1, 2, 3, 4].map((k) => surface.polys[q * 5 + k]!);
    out.push({ corners: ids.map((p) => point(surface, p)), ids, label: surface.cellLabels[q]! });
  }
  return out;
}

/** Distance from p to an axis-aligned rectangle given by its corners. */
function toRectangle(p: Vec3, corners: Vec3[]): number {
  let sum = 0;
  for (let a = 0; a < 3; a++) {
    const lo = Math.min(...corners.map((c) => c[a]!));
    const hi = Math.max(...corners.map((c) => c[a]!));
    const d = p[a]! < lo ? lo - p[a]! : p[a]! > hi ? p[a]! - hi : 0;
    sum += d * d;
  }
  return Math.sqrt(sum);
}

const quadKey = (q: { corners: Vec3[]; label: number }) => `${q.label}:${q.corners.map((c) => c.join(',')).join(';')}`;

describe('smoothSurface', () => {
  it('keeps every vertex of a sphere within half a voxel of its voxel boundary, closer to the sphere than the voxel corners', () => {
    const labels = sphere();
    const smooth = smoothSurface(labels, SHAPE, [1, 1, 1]);
    const voxel = labelSurface(labels, SHAPE, [1, 1, 1]);
    const faces = quads(voxel);
    assert.ok(smooth.points.length > 0);
    let worst = 0;
    for (let p = 0; p * 3 < smooth.points.length; p++) {
      const v = point(smooth, p);
      worst = Math.max(worst, Math.min(...faces.map((face) => toRectangle(v, face.corners))));
    }
    assert.ok(worst <= 0.5 + 1e-6, `a vertex lies ${worst.toFixed(3)} voxels from the voxel boundary`);
    // Smooth, not the staircase: the vertices sit nearer the true sphere than the grid corners do.
    const rms = (surface: LabelSurface) => {
      let sum = 0;
      const n = surface.points.length / 3;
      for (let p = 0; p < n; p++) sum += (Math.hypot(...point(surface, p).map((c, a) => c - CENTER[a]!)) - RADIUS) ** 2;
      return Math.sqrt(sum / n);
    };
    assert.ok(rms(smooth) < 0.6 * rms(voxel), `smooth rms ${rms(smooth).toFixed(3)} vs voxel ${rms(voxel).toFixed(3)}`);
  });

  it('has the voxel faces\' quads, one per face, with the same owners', () => {
    const labels = sphere(2, sphere(1));
    labels.fill(3, 0, N * N * 3);
    const smooth = smoothSurface(labels, SHAPE, [1, 1, 1]);
    const voxel = labelSurface(labels, SHAPE, [1, 1, 1]);
    assert.equal(smooth.cellLabels.length, voxel.cellLabels.length);
    assert.deepEqual([...smooth.cellLabels].sort(), [...voxel.cellLabels].sort());
    // Each vertex is its label's (the scene colours points): every quad's corners carry the quad's label.
    assert.equal(smooth.pointLabels?.length, smooth.points.length / 3);
    for (let q = 0; q < smooth.cellLabels.length; q++) {
      for (let k = 1; k <= 4; k++) assert.equal(smooth.pointLabels![smooth.polys[q * 5 + k]!], smooth.cellLabels[q], `quad ${q} corner ${k}`);
    }
  });

  it('gives a single label inside the grid a closed, consistently wound surface with outward unit normals', () => {
    const smooth = smoothSurface(sphere(), SHAPE, [0.5, 1, 2], [3, 4, 5]);
    const edges = new Map<string, number>();
    for (const q of quads(smooth)) {
      for (let k = 0; k < 4; k++) {
        const [a, b] = [q.ids[k]!, q.ids[(k + 1) % 4]!];
        edges.set(`${a}>${b}`, (edges.get(`${a}>${b}`) ?? 0) + 1);
      }
    }
    for (const [edge, count] of edges) {
      const [a, b] = edge.split('>');
      assert.equal(count, 1, `edge ${edge} is used once in its direction`);
      assert.equal(edges.get(`${b}>${a}`), 1, `edge ${edge} is shared by exactly two faces`);
    }
    const centre: Vec3 = [3 + CENTER[0] * 0.5, 4 + CENTER[1], 5 + CENTER[2] * 2];
    for (let p = 0; p * 3 < smooth.points.length; p++) {
      const n = [0, 1, 2].map((a) => smooth.normals![p * 3 + a]!);
      assert.ok(Math.abs(Math.hypot(...n) - 1) < 1e-5, 'unit normal');
      const out = point(smooth, p).map((c, a) => (c - centre[a]!) / [0.5, 1, 2][a]!);
      assert.ok(n[0]! * out[0]! + n[1]! * out[1]! + n[2]! * out[2]! > 0, 'normal points out of the sphere');
    }
  });

  it('built brick by brick, equals the whole volume\'s surface: vertices on brick boundaries coincide exactly', () => {
    const labels = sphere(2, sphere(1));
    // A second label touching the sphere, cut by brick boundaries too.
    for (let z = 4; z < 16; z++) for (let y = 12; y < 19; y++) for (let x = 2; x < 9; x++) labels[(z * N + y) * N + x] = 3;
    const spacing: Vec3 = [1, 1.5, 0.75];
    const whole = smoothSurface(labels, SHAPE, spacing);
    const grid = brickGrid(SHAPE, 7);
    const fromBricks: string[] = [];
    const boundary = new Map<string, Set<number>>();
    for (let index = 0; index < brickCount(grid); index++) {
      const brick = smoothSurface(labels, SHAPE, spacing, [0, 0, 0], brickBox(grid, index));
      for (const q of quads(brick)) fromBricks.push(quadKey(q));
      // Vertices on a brick face (corner index a multiple of 7 along some axis): remember which bricks have them.
      for (let p = 0; p * 3 < brick.points.length; p++) {
        const v = point(brick, p);
        const corner = v.map((c, a) => Math.round(c / spacing[a]! + 0.5));
        if (corner.some((c) => c % 7 === 0 && c > 0 && c < N)) {
          const seen = boundary.get(v.join(',')) ?? new Set<number>();
          boundary.set(v.join(','), seen.add(index));
        }
      }
    }
    assert.deepEqual(fromBricks.sort(), quads(whole).map(quadKey).sort());
    assert.ok([...boundary.values()].filter((bricks) => bricks.size >= 2).length > 100, 'many vertices are shared by neighbouring bricks at the very same position');
  });

  it('a change rebuilds every brick whose smooth vertices it moves, so the bricks kept equal a rebuild from scratch', () => {
    const before = sphere();
    const after = before.slice();
    // A small cube grown on the sphere, two voxels from a brick border (x = 8): the vertices it moves reach across.
    for (let z = 9; z < 11; z++) for (let y = 2; y < 5; y++) for (let x = 5; x < 7; x++) after[(z * N + y) * N + x] = 1;
    const budget = { maxFaces: 1e9, brickSize: 8, surface: 'smooth' as const };
    const first = buildSurfaceBricks(before, SHAPE, [1, 1, 1], [0, 0, 0], null, null, budget);
    const second = buildSurfaceBricks(after, SHAPE, [1, 1, 1], [0, 0, 0], changedRegion(before, after, SHAPE), first.memory, budget);
    assert.equal(second.surface.complete, false);
    assert.ok(second.surface.bricks.length < brickCount(brickGrid(SHAPE, 8)), 'not every brick');
    const applied = new Map<number, SurfaceBrick>(first.surface.bricks.map((brick) => [brick.index, brick]));
    for (const brick of second.surface.bricks) applied.set(brick.index, brick);
    const scratch = buildSurfaceBricks(after, SHAPE, [1, 1, 1], [0, 0, 0], null, null, budget);
    const keys = (bricks: Iterable<SurfaceBrick>) => [...bricks].flatMap((brick) => quads(brick).map(quadKey)).sort();
    assert.deepEqual(keys(applied.values()), keys(scratch.surface.bricks));
  });

  it('another surface mode than the previous preview\'s sends a complete set', () => {
    const labels = sphere();
    const voxel = buildSurfaceBricks(labels, SHAPE, [1, 1, 1], [0, 0, 0], null, null, { maxFaces: 1e9, brickSize: 8 });
    const nothingChanged = { min: [0, 0, 0] as Vec3, max: [0, 0, 0] as Vec3 };
    const same = buildSurfaceBricks(labels, SHAPE, [1, 1, 1], [0, 0, 0], nothingChanged, voxel.memory, { maxFaces: 1e9, brickSize: 8, surface: 'voxel' });
    assert.equal(same.surface.complete, false);
    const smooth = buildSurfaceBricks(labels, SHAPE, [1, 1, 1], [0, 0, 0], nothingChanged, voxel.memory, { maxFaces: 1e9, brickSize: 8, surface: 'smooth' });
    assert.equal(smooth.surface.complete, true);
    assert.ok(smooth.surface.bricks.every((brick) => brick.normals), 'smooth bricks carry normals');
  });
});
