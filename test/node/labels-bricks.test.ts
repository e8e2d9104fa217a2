// Spec of the brick partition and the brick-wise surface: a changed region maps to exactly the bricks it
// touches, bricks built one by one hold exactly the whole volume's faces, and the face budget holds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brickBox, brickCount, brickGrid, bricksAffected, bricksTouching } from '../../src/labels/bricks.ts';
import { changedRegion } from '../../src/labels/changed-region.ts';
import { labelSurface } from '../../src/labels/label-surface.ts';
import type { LabelSurface, Shape3, SurfaceBrick, Vec3, VoxelBox } from '../../src/labels/label-volume.ts';
import { buildSurfaceBricks, type SurfaceMemory } from '../../src/labels/surface-bricks.ts';
import { rowExtents } from '../../src/labels/row-extents.ts';
import { countFaces, surfaceLevel } from '../../src/labels/surface-budget.ts';
import { unaligned } from '../fixtures/unaligned.ts';
import { mulberry32 as random } from '../fixtures/random-bytes.ts';

/** Blobs of a few labels, so faces exist in and across bricks. */
function blobs([nz, ny, nx]: Shape3, seed: number, labels = 3): Uint8Array {
  const next = random(seed);
  const out = new Uint8Array(nz * ny * nx);
  for (let b = 0; b < 6; b++) {
    const c = [next() * nx, next() * ny, next() * nz];
    const r = 1 + next() * 4;
    const label = 1 + Math.floor(next() * labels);
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) if (Math.hypot(x - c[0]!, y - c[1]!, z - c[2]!) <= r) out[(z * ny + y) * nx + x] = label;
  }
  return out;
}

function noise(shape: Shape3, seed: number): Uint8Array {
  const next = random(seed);
  return Uint8Array.from({ length: shape[0] * shape[1] * shape[2] }, () => (next() < 0.5 ? 1 : 0));
}

function checkerboard([nz, ny, nx]: Shape3): Uint8Array {
  const out = new Uint8Array(nz * ny * nx);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) out[(z * ny + y) * nx + x] = (x + y + z) % 2;
  return out;
}

/** Every quad as "label|corner;corner;corner;corner" in winding order, rotated to start at its smallest corner. */
function faceSet(surfaces: LabelSurface[]): string[] {
  const out: string[] = [];
  for (const { points, polys, cellLabels } of surfaces) {
    for (let q = 0; q < cellLabels.length; q++) {
      const corners = [1, 2, 3, 4].map((k) => {
        const p = polys[q * 5 + k]!;
        return `${points[p * 3]},${points[p * 3 + 1]},${points[p * 3 + 2]}`;
      });
      const start = corners.indexOf([...corners].sort()[0]!);
      out.push(`${cellLabels[q]}|${[...corners.slice(start), ...corners.slice(0, start)].join(';')}`);
    }
  }
  return out.sort();
}

function boxesIntersect(a: VoxelBox, b: VoxelBox): boolean {
  return [0, 1, 2].every((axis) => Math.max(a.min[axis]!, b.min[axis]!) < Math.min(a.max[axis]!, b.max[axis]!));
}

const SPACING: Vec3 = [1, 2, 0.5];
const ORIGIN: Vec3 = [3, -1, 2];

describe('brick partition', () => {
  it('a grid covers the volume once, edge bricks partial', () => {
    const grid = brickGrid([5, 17, 40], 16);
    assert.deepEqual(grid.counts, [3, 2, 1]);
    const seen = new Uint8Array(5 * 17 * 40);
    for (let i = 0; i < brickCount(grid); i++) {
      const { min, max } = brickBox(grid, i);
      for (let z = min[2]; z < max[2]; z++) for (let y = min[1]; y < max[1]; y++) for (let x = min[0]; x < max[0]; x++) seen[(z * 17 + y) * 40 + x]! += 1;
    }
    assert.ok(seen.every((n) => n === 1));
  });

  it('a changed region → exactly the bricks it touches (against every brick, 300 random boxes)', () => {
    const next = random(7);
    const shape: Shape3 = [37, 50, 70];
    const grid = brickGrid(shape, 16);
    for (let trial = 0; trial < 300; trial++) {
      const min = [0, 1, 2].map((axis) => Math.floor(next() * [70, 50, 37][axis]!)) as Vec3;
      const max = min.map((v, axis) => v + 1 + Math.floor(next() * 20) - (axis === 0 && trial % 10 === 0 ? 1 : 0)) as Vec3;
      const box = { min, max };
      const expected: number[] = [];
      for (let i = 0; i < brickCount(grid); i++) if (boxesIntersect(brickBox(grid, i), box)) expected.push(i);
      assert.deepEqual(bricksTouching(grid, box), expected, JSON.stringify(box));
    }
  });

  it('a one-voxel change on a brick border also rebuilds the neighbour whose faces touch it', () => {
    const grid = brickGrid([32, 32, 32], 16);
    // Voxel x = 15 is the last of brick 0; its +x face is owned by voxel x = 16 in brick 1 when that is labelled.
    assert.deepEqual(bricksTouching(grid, { min: [15, 3, 3], max: [16, 4, 4] }), [0]);
    assert.deepEqual(bricksAffected(grid, { min: [15, 3, 3], max: [16, 4, 4] }), [0, 1]);
    assert.deepEqual(bricksAffected(grid, { min: [0, 0, 0], max: [0, 0, 0] }), [], 'nothing changed, nothing to rebuild');
  });
});

describe('brick-wise surface', () => {
  for (const [name, shape, size] of [
    ['cubic, bricks divide it', [32, 32, 32], 16],
    ['odd shape, partial edge bricks', [13, 21, 34], 8],
    ['bricks of one voxel', [4, 5, 6], 1],
  ] as Array<[string, Shape3, number]>) {
    it(`equals the whole-volume surface, face for face (${name})`, () => {
      const labels = blobs(shape, shape[2]);
      const whole = labelSurface(labels, shape, SPACING, ORIGIN);
      const grid = brickGrid(shape, size);
      const bricks = Array.from({ length: brickCount(grid) }, (_, i) => labelSurface(labels, shape, SPACING, ORIGIN, brickBox(grid, i)));
      assert.ok(whole.cellLabels.length > 100);
      assert.deepEqual(faceSet(bricks), faceSet([whole]));
    });
  }

  it('only the affected bricks are rebuilt, and the result equals a rebuild from scratch', () => {
    const shape: Shape3 = [40, 40, 40];
    const budget = { maxFaces: 1e9, brickSize: 16 };
    const before = blobs(shape, 1);
    const after = before.slice();
    // Grow a small cube across the border of bricks along x (x 14..17).
    for (let z = 20; z < 22; z++) for (let y = 5; y < 7; y++) for (let x = 14; x < 18; x++) after[(z * 40 + y) * 40 + x] = 2;
    const first = buildSurfaceBricks(before, shape, SPACING, ORIGIN, null, null, budget);
    assert.equal(first.surface.complete, true);
    const changed = changedRegion(before, after, shape);
    const second = buildSurfaceBricks(after, shape, SPACING, ORIGIN, changed, first.memory, budget);
    assert.equal(second.surface.complete, false);
    const grid = brickGrid(shape, 16);
    assert.deepEqual(second.surface.bricks.map((b) => b.index), bricksAffected(grid, changed!));
    assert.ok(second.surface.bricks.length <= 4, `a small change costs a few bricks, got ${second.surface.bricks.length} of ${brickCount(grid)}`);
    // Apply the partial update over the first preview's bricks.
    const bricks = new Map<number, SurfaceBrick>(first.surface.bricks.map((b) => [b.index, b]));
    for (const brick of second.surface.bricks) bricks.set(brick.index, brick);
    const scratch = buildSurfaceBricks(after, shape, SPACING, ORIGIN, null, null, budget);
    assert.deepEqual(faceSet([...bricks.values()]), faceSet(scratch.surface.bricks));
  });

  it('a changed surface level sends a complete set', () => {
    const shape: Shape3 = [32, 32, 32];
    const exact = buildSurfaceBricks(blobs(shape, 3), shape, SPACING, ORIGIN, null, null, { maxFaces: 1e9, brickSize: 16 });
    const memory: SurfaceMemory = exact.memory;
    const noisy = noise(shape, 3);
    const coarse = buildSurfaceBricks(noisy, shape, SPACING, ORIGIN, { min: [0, 0, 0], max: [32, 32, 32] }, memory, { maxFaces: 20_000, brickSize: 16 });
    assert.ok(coarse.surface.factor > 1);
    assert.equal(coarse.surface.complete, true);
  });
});

describe('face budget', () => {
  it('countFaces equals the faces labelSurface builds', () => {
    for (const [labels, shape] of [
      [blobs([13, 21, 34], 5), [13, 21, 34]],
      [noise([9, 10, 11], 5), [9, 10, 11]],
      [checkerboard([6, 7, 8]), [6, 7, 8]],
    ] as Array<[Uint8Array, Shape3]>) {
      assert.equal(countFaces(labels, shape), labelSurface(labels, shape, SPACING).cellLabels.length);
    }
  });

  it('countFaces passes over background words and counts what a voxel-by-voxel count does', () => {
    const next = random(21);
    const shapes: Shape3[] = [[5, 6, 8], [4, 4, 4], [3, 5, 12], [6, 7, 9], [2, 3, 2], [8, 8, 16]];
    for (let trial = 0; trial < 120; trial++) {
      const shape = shapes[trial % shapes.length]!;
      const n = shape[0] * shape[1] * shape[2];
      const labels = trial % 2 === 0 ? new Uint8Array(n) : new Uint16Array(n);
      const density = [0.02, 0.1, 0.5][trial % 3]!;
      for (let i = 0; i < n; i++) if (next() < density) labels[i] = 1 + Math.floor(next() * (trial % 2 === 0 ? 3 : 600));
      const expected = countFaces(unaligned(labels), shape);
      assert.equal(countFaces(labels, shape), expected, `trial ${trial} ${shape}`);
      if (trial % 10 === 0) assert.equal(expected, labelSurface(labels, shape, SPACING).cellLabels.length);
    }
    // A lone voxel at each place of a word, and right after a word of background.
    for (let at = 0; at < 16; at++) {
      const labels = new Uint8Array(2 * 2 * 8);
      labels[at] = 5;
      assert.equal(countFaces(labels, [2, 2, 8]), 6, `voxel ${at}`);
    }
  });

  it('countFaces passes over words inside objects (one label, equal below) and counts what a voxel-by-voxel count does', () => {
    const shapes: Shape3[] = [[12, 16, 24], [9, 10, 8], [16, 20, 32], [7, 9, 12]];
    for (let trial = 0; trial < 24; trial++) {
      const shape = shapes[trial % shapes.length]!;
      const solid = blobs(shape, 40 + trial, 1 + (trial % 4));
      // Solid boxes of a label, some ending mid-word, and a run of label 2 along a whole row.
      solid.fill(trial % 3, 0, shape[2] * 3 + (trial % 5));
      const labels = trial % 2 === 0 ? solid : Uint16Array.from(solid, (v) => (v === 0 ? 0 : v + 300));
      const expected = countFaces(unaligned(labels), shape);
      assert.equal(countFaces(labels, shape), expected, `trial ${trial} ${shape}`);
      assert.equal(expected, labelSurface(labels, shape, SPACING).cellLabels.length, `trial ${trial}: the faces built`);
    }
  });

  it('rowExtents finds each row\'s first and last labelled voxel, a word at a time or voxel by voxel', () => {
    const next = random(33);
    for (let trial = 0; trial < 60; trial++) {
      const shape: Shape3 = [2 + (trial % 3), 3, [8, 12, 16, 7][trial % 4]!];
      const [nz, ny, nx] = shape;
      const n = nz * ny * nx;
      const labels = trial % 2 === 0 ? new Uint8Array(n) : new Uint16Array(n);
      for (let i = 0; i < n; i++) if (next() < [0.01, 0.05, 0.3][trial % 3]!) labels[i] = 1 + Math.floor(next() * 300) % (trial % 2 === 0 ? 255 : 999);
      for (const copy of [labels, unaligned(labels)]) {
        const { first, last } = rowExtents(copy, shape);
        for (let r = 0; r < nz * ny; r++) {
          const row = Array.from(labels.subarray(r * nx, (r + 1) * nx));
          const expectedFirst = row.findIndex((v) => v !== 0);
          const expectedLast = row.findLastIndex((v) => v !== 0);
          assert.deepEqual([first[r], last[r]], expectedFirst < 0 ? [nx, -1] : [expectedFirst, expectedLast], `trial ${trial}, row ${r}`);
        }
      }
    }
  });

  it('noise and a checkerboard get a coarser surface within budget; the exact count is kept for the note', () => {
    const shape: Shape3 = [64, 64, 64];
    for (const labels of [noise(shape, 9), checkerboard(shape)]) {
      const level = surfaceLevel(labels, shape, 50_000);
      assert.ok(level.factor >= 2);
      assert.ok(level.faces <= 50_000);
      assert.ok(level.exactFaces > 300_000, `exact ${level.exactFaces}`);
      assert.equal(level.faces, labelSurface(level.labels, level.shape, SPACING).cellLabels.length);
      // Label-exact: the coarse grid holds only ids of the fine one.
      assert.ok(level.labels.every((v) => v === 0 || v === 1));
    }
  });

  it('a surface within budget stays exact', () => {
    const labels = blobs([32, 32, 32], 2);
    const level = surfaceLevel(labels, [32, 32, 32], 1e6);
    assert.equal(level.factor, 1);
    assert.equal(level.labels, labels);
  });

  it('the built surface of a simplified preview covers the same world box', () => {
    const shape: Shape3 = [16, 16, 16];
    const built = buildSurfaceBricks(checkerboard(shape), shape, [1, 1, 1], [0, 0, 0], null, null, { maxFaces: 5_000, brickSize: 4 });
    const xs = built.surface.bricks.flatMap((b) => [...b.points].filter((_, i) => i % 3 === 0));
    assert.equal(Math.min(...xs), -0.5);
    assert.equal(Math.max(...xs), 15.5);
    // `faces` counts unit faces (what the budget bounds); the bricks hold them merged into fewer quads.
    assert.equal(built.surface.faces, surfaceLevel(checkerboard(shape), shape, 5_000).faces);
    assert.ok(built.surface.bricks.reduce((n, b) => n + b.cellLabels.length, 0) <= built.surface.faces);
  });
});
