// Region codes (labels/label-regions.ts): the change view's and a comparison's code per voxel, computed a
// slab of planes per step. The codes say the same as the counts, where each voxel is, and across grids.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHANGE_CODE, changeRegions } from '../../src/labels/label-changes.ts';
import { COMPARE_CODE, compareRegions } from '../../src/labels/label-compare.ts';
import type { LabelGrid } from '../../src/labels/label-grid.ts';
import { drain, REGION_SLAB_VOXELS, slabPlanes } from '../../src/labels/label-regions.ts';
import type { Shape3 } from '../../src/labels/label-volume.ts';

const grid = (shape: Shape3, step = 1): LabelGrid => ({ shape, spacing: [step, step, step], origin: [(step - 1) / 2, (step - 1) / 2, (step - 1) / 2] });

/** Label `label` over x in [x0, x1) of every row and plane of `shape`. */
function bar([nz, ny, nx]: Shape3, x0: number, x1: number, label = 1): Uint8Array {
  const labels = new Uint8Array(nz * ny * nx);
  for (let row = 0; row < nz * ny; row++) labels.fill(label, row * nx + x0, row * nx + x1);
  return labels;
}

const tally = (codes: Uint8Array) => codes.reduce((counts, code) => (counts[code]!++, counts), [0, 0, 0, 0]);

describe('region codes', () => {
  it('mark the added and removed voxels where they are, as many as the counts say, a slab at a time', () => {
    // 3 × 128 × 512 voxels: more than one slab, so the pass takes steps.
    const shape: Shape3 = [3, 128, 512];
    assert.ok(slabPlanes(shape) < shape[0]);
    const before = { labels: bar(shape, 10, 30), labelIds: [0, 1], grid: grid(shape) };
    // Label 1 moves to x 20..40; label 2 (new) takes x 0..5.
    const now = bar(shape, 20, 40);
    now.set(bar(shape, 0, 5, 2).map((v, i) => v || now[i]!));
    const steps = changeRegions(before, { labels: now, labelIds: [0, 1, 2], grid: grid(shape) });
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    assert.equal(yields, Math.ceil(shape[0] / slabPlanes(shape)) - 1);
    const { changes, region } = step.value;
    const rows = shape[0] * shape[1];
    assert.deepEqual(changes, { added: 15 * rows, removed: 10 * rows });
    const counts = tally(region!.codes);
    assert.equal(counts[CHANGE_CODE.added], changes.added);
    assert.equal(counts[CHANGE_CODE.removed], changes.removed);
    const at = (x: number) => region!.codes[(2 * shape[1] + 100) * shape[2] + x];
    assert.deepEqual([at(2), at(15), at(25), at(35), at(45)], [CHANGE_CODE.added, CHANGE_CODE.removed, 0, CHANGE_CODE.added, 0]);
  });

  it('count the first preview as all added, and give codes on its grid', () => {
    const shape: Shape3 = [2, 4, 8];
    const { changes, region } = drain(changeRegions(null, { labels: bar(shape, 2, 5), labelIds: [0, 1], grid: grid(shape) }));
    assert.deepEqual(changes, { added: 24, removed: 0 });
    assert.deepEqual(region!.grid.shape, shape);
    assert.equal(tally(region!.codes)[CHANGE_CODE.added], 24);
  });

  it('mark A only, B only and both on the finer grid, across grids, and agree with the figures', () => {
    // A: 4 × 8 × 32 at full resolution, x 2..20. B: the same world box at twice the spacing, coarse x 6..15 = fine x 12..30.
    const a = { labels: bar([4, 8, 32], 2, 20), grid: grid([4, 8, 32]) };
    const b = { labels: bar([2, 4, 16], 6, 15, 9), grid: grid([2, 4, 16], 2) };
    const { figures, region } = drain(compareRegions(a, b));
    const rows = 4 * 8;
    assert.deepEqual([figures.aOnly, figures.bOnly, figures.both], [10 * rows, 10 * rows, 8 * rows]);
    const counts = tally(region!.codes);
    assert.deepEqual([counts[COMPARE_CODE.aOnly], counts[COMPARE_CODE.bOnly], counts[COMPARE_CODE.both]], [figures.aOnly, figures.bOnly, figures.both]);
    const row = region!.codes.subarray(5 * 32, 6 * 32);
    assert.deepEqual([row[0], row[5], row[15], row[25], row[31]], [0, COMPARE_CODE.aOnly, COMPARE_CODE.both, COMPARE_CODE.bOnly, 0]);
  });

  it('keep a step within one slab of voxels', () => {
    assert.equal(slabPlanes([100, 128, 128]) * 128 * 128, REGION_SLAB_VOXELS);
    assert.equal(slabPlanes([4, 1024, 1024]), 1, 'a plane larger than a slab is still one step');
  });
});
