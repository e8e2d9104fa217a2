// Spec of the merged voxel surface (greedy meshing): it covers exactly the unit faces of the plain
// builder — same planes, same cells, same owner label, same outward side — each once, with fewer quads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createGreedyScratch, greedyLabelSurface, mergeRectangles } from '../../src/labels/greedy-faces.ts';
import { labelSurface } from '../../src/labels/label-surface.ts';
import type { LabelSurface, Shape3, Vec3, VoxelBox } from '../../src/labels/label-volume.ts';
import { brickBox, brickCount, brickGrid } from '../../src/labels/bricks.ts';
import { rowExtents } from '../../src/labels/row-extents.ts';
import { mulberry32 as random } from '../fixtures/random-bytes.ts';
import { unaligned } from '../fixtures/unaligned.ts';

/**
 * Every quad of `surface` cut into its unit faces, as sorted keys "axis plane u v side label": the quad's
 * corners back on the voxel-corner grid (corner c of voxel i is at origin + (i + c − 0.5) · spacing), its
 * side from its winding (+ when the normal points along +axis).
 */
function unitFaces(surface: LabelSurface, spacing: Vec3, origin: Vec3): string[] {
  const out: string[] = [];
  const { points, polys, cellLabels } = surface;
  for (let q = 0; q * 5 < polys.length; q++) {
    assert.equal(polys[q * 5], 4, 'every cell is a quad');
    const corners = [1, 2, 3, 4].map((k) => {
      const p = polys[q * 5 + k]!;
      return [0, 1, 2].map((i) => {
        const g = (points[p * 3 + i]! - origin[i]!) / spacing[i]! + 0.5;
        assert.ok(Math.abs(g - Math.round(g)) < 1e-4, 'corners lie on the voxel-corner grid');
        return Math.round(g);
      });
    });
    const axis = [0, 1, 2].find((i) => corners.every((c) => c[i] === corners[0]![i]));
    assert.ok(axis !== undefined, 'a quad is axis-aligned');
    const [a, b, c] = corners as [number[], number[], number[]];
    const e1 = a.map((x, i) => b[i]! - x);
    const e2 = b.map((x, i) => c[i]! - x);
    const normal = [e1[1]! * e2[2]! - e1[2]! * e2[1]!, e1[2]! * e2[0]! - e1[0]! * e2[2]!, e1[0]! * e2[1]! - e1[1]! * e2[0]!][axis]!;
    assert.notEqual(normal, 0, 'a quad has area');
    const [ua, va] = [(axis + 1) % 3, (axis + 2) % 3];
    const lo = (i: number) => Math.min(...corners.map((c) => c[i]!));
    const hi = (i: number) => Math.max(...corners.map((c) => c[i]!));
    // A rectangle: its four corners are exactly the four combinations of its extremes.
    const cornerSet = new Set(corners.map((c) => `${c[ua]},${c[va]}`));
    assert.deepEqual(cornerSet, new Set([`${lo(ua)},${lo(va)}`, `${hi(ua)},${lo(va)}`, `${hi(ua)},${hi(va)}`, `${lo(ua)},${hi(va)}`]), 'a quad is a rectangle');
    for (let u = lo(ua); u < hi(ua); u++) for (let v = lo(va); v < hi(va); v++) out.push(`${axis} ${a[axis]} ${u} ${v} ${normal > 0 ? '+' : '-'} ${cellLabels[q]}`);
  }
  return out.sort();
}

/**
 * Each point is a corner of quads of one label only, the label `pointLabels` gives it: the scene colours
 * points, not quads (point-colors.ts).
 */
function assertOneLabelPerPoint({ polys, cellLabels, pointLabels }: LabelSurface, what: string): void {
  assert.ok(pointLabels, `${what}: a label per point`);
  const owner = new Map<number, number>();
  for (let q = 0; q * 5 < polys.length; q++) {
    for (let k = 1; k <= 4; k++) {
      const p = polys[q * 5 + k]!;
      assert.equal(owner.get(p) ?? cellLabels[q], cellLabels[q], `${what}: point ${p} is shared by two labels`);
      owner.set(p, cellLabels[q]!);
      assert.equal(pointLabels[p], cellLabels[q], `${what}: point ${p}'s label`);
    }
  }
}

function assertSameFaces(labels: Uint8Array, shape: Shape3, what: string, box?: VoxelBox): { plain: number; merged: number } {
  const spacing: Vec3 = [1, 2, 0.5];
  const origin: Vec3 = [3, -1, 7];
  const plain = labelSurface(labels, shape, spacing, origin, box);
  const merged = greedyLabelSurface(labels, shape, spacing, origin, box);
  const mergedFaces = unitFaces(merged, spacing, origin);
  assert.equal(new Set(mergedFaces).size, mergedFaces.length, `${what}: no unit face covered twice`);
  assert.deepEqual(mergedFaces, unitFaces(plain, spacing, origin), `${what}: the same unit faces as the plain builder`);
  assert.ok(merged.cellLabels.length <= plain.cellLabels.length, `${what}: never more quads`);
  assertOneLabelPerPoint(merged, what);
  return { plain: plain.cellLabels.length, merged: merged.cellLabels.length };
}

function fill(shape: Shape3, at: (x: number, y: number, z: number) => number): Uint8Array {
  const [nz, ny, nx] = shape;
  const out = new Uint8Array(nz * ny * nx);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) out[(z * ny + y) * nx + x] = at(x, y, z);
  return out;
}

describe('greedyLabelSurface', () => {
  it('a solid box is six quads, one per side, with the plain builder\'s unit faces', () => {
    const shape: Shape3 = [6, 7, 8];
    const labels = fill(shape, (x, y, z) => +(x >= 1 && x < 6 && y >= 2 && y < 7 && z >= 0 && z < 4));
    const { plain, merged } = assertSameFaces(labels, shape, 'box');
    assert.equal(merged, 6);
    assert.equal(plain, 2 * (5 * 5 + 5 * 4 + 5 * 4));
  });

  it('two labels touching: each keeps its own side of the shared wall', () => {
    const shape: Shape3 = [4, 4, 6];
    const labels = fill(shape, (x) => (x < 3 ? 1 : 2));
    const { merged } = assertSameFaces(labels, shape, 'two halves');
    // Each half: 6 sides; the wall between them is two quads of opposite sides.
    assert.equal(merged, 12);
  });

  it('crafted: L shapes, holes, a checkerboard, a single voxel, an all-labelled volume', () => {
    const cases: Array<[string, Shape3, (x: number, y: number, z: number) => number]> = [
      ['L', [3, 5, 5], (x, y) => +(x < 2 || y < 2)],
      ['hole', [3, 5, 5], (x, y, z) => +!(x === 2 && y === 2 && z === 1)],
      ['checkerboard', [4, 4, 4], (x, y, z) => ((x + y + z) % 2 ? 1 : 2)],
      ['voxel', [1, 1, 1], () => 3],
      ['full', [3, 4, 5], () => 1],
      ['stripes', [5, 6, 7], (x, y, z) => 1 + ((x + 2 * y + 3 * z) % 3)],
    ];
    for (const [what, shape, at] of cases) assertSameFaces(fill(shape, at), shape, what);
  });

  it('random volumes of up to four labels, dense and sparse', () => {
    for (let seed = 1; seed <= 24; seed++) {
      const next = random(seed);
      const shape: Shape3 = [1 + Math.floor(next() * 9), 1 + Math.floor(next() * 9), 1 + Math.floor(next() * 9)];
      const density = next();
      const labels = fill(shape, () => (next() < density ? 1 + Math.floor(next() * 4) : 0));
      assertSameFaces(labels, shape, `seed ${seed}`);
    }
  });

  it('bricks of a partition hold exactly the faces of the plain builder for each box (reusing one scratch)', () => {
    const shape: Shape3 = [11, 9, 13];
    const next = random(99);
    // Blobs: smooth enough to merge, crossing brick borders.
    const centres = Array.from({ length: 5 }, () => [next() * 13, next() * 9, next() * 11, 1 + next() * 4, 1 + Math.floor(next() * 3)] as const);
    const labels = fill(shape, (x, y, z) => centres.find(([cx, cy, cz, r]) => Math.hypot(x - cx, y - cy, z - cz) <= r)?.[4] ?? 0);
    const grid = brickGrid(shape, 4);
    const scratch = createGreedyScratch();
    const whole: string[] = [];
    for (let index = 0; index < brickCount(grid); index++) {
      const box = brickBox(grid, index);
      assertSameFaces(labels, shape, `brick ${index}`, box);
      whole.push(...unitFaces(greedyLabelSurface(labels, shape, [1, 1, 1], [0, 0, 0], box, scratch), [1, 1, 1], [0, 0, 0]));
    }
    assert.deepEqual(whole.sort(), unitFaces(labelSurface(labels, shape, [1, 1, 1]), [1, 1, 1], [0, 0, 0]));
  });

  it('with row extents and words of one label passed over, builds the arrays the voxel-by-voxel pass builds, brick by brick', () => {
    const shapes: Shape3[] = [[20, 24, 32], [13, 17, 16], [9, 12, 20]];
    for (let trial = 0; trial < 12; trial++) {
      const shape = shapes[trial % shapes.length]!;
      const [nz, ny, nx] = shape;
      const next = random(200 + trial);
      // Solid blobs (words of one label inside them) and, every third trial, scattered voxels.
      const centres = Array.from({ length: 6 }, () => [next() * nx, next() * ny, next() * nz, 2 + next() * 6, 1 + Math.floor(next() * 3)] as const);
      const solid = fill(shape, (x, y, z) => centres.find(([cx, cy, cz, r]) => Math.hypot(x - cx, y - cy, z - cz) <= r)?.[4] ?? (trial % 3 === 0 && next() < 0.02 ? 4 : 0));
      const labels = trial % 2 === 0 ? solid : Uint16Array.from(solid, (v) => (v === 0 ? 0 : v + 400));
      const extents = rowExtents(labels, shape);
      const grid = brickGrid(shape, [8, 16, 12][trial % 3]!);
      const scratch = createGreedyScratch();
      for (let index = 0; index < brickCount(grid); index++) {
        const box = brickBox(grid, index);
        const plain = greedyLabelSurface(unaligned(labels), shape, [1, 2, 3], [1, 0, -1], box);
        assert.deepEqual(greedyLabelSurface(labels, shape, [1, 2, 3], [1, 0, -1], box, scratch, extents), plain, `trial ${trial}, brick ${index}`);
      }
    }
  });

  it('spheres need less than half as many quads as unit faces', () => {
    const shape: Shape3 = [32, 32, 32];
    const labels = fill(shape, (x, y, z) => (Math.hypot(x - 12, y - 14, z - 15) < 10 ? 1 : Math.hypot(x - 24, y - 20, z - 20) < 7 ? 2 : 0));
    const { plain, merged } = assertSameFaces(labels, shape, 'spheres');
    assert.ok(merged * 2 < plain, `${merged} quads for ${plain} unit faces`);
  });
});

describe('mergeRectangles', () => {
  it('covers each non-zero cell once with rectangles of one value, and clears the plane', () => {
    // 4 × 3 plane (u fastest) after a 2-cell offset that must stay untouched.
    const mask = Uint16Array.from([9, 9, 1, 1, 2, 0, 1, 1, 2, 0, 1, 1, 1, 1]);
    const rects: number[][] = [];
    mergeRectangles(mask, 2, 4, 3, (u, v, du, dv, value) => rects.push([u, v, du, dv, value]));
    assert.deepEqual(rects, [[0, 0, 2, 3, 1], [2, 0, 1, 2, 2], [2, 2, 2, 1, 1]]);
    assert.deepEqual([...mask], [9, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
