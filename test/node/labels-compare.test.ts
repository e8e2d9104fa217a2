// Comparing two jobs' segmentations (labels/label-compare.ts) on crafted volumes whose answers are known
// by construction: A-only, B-only and both voxel counts and Dice, on one grid and across grids.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareLabels, sharedGrid } from '../../src/labels/label-compare.ts';
import type { LabelGrid } from '../../src/labels/label-grid.ts';
import type { Shape3 } from '../../src/labels/label-volume.ts';

/** A grid of n³ voxels of edge `step` over the same world box as n·step source voxels (downsampled by `step`). */
const grid = (n: number, step = 1): LabelGrid => ({ shape: [n, n, n], spacing: [step, step, step], origin: [(step - 1) / 2, (step - 1) / 2, (step - 1) / 2] });

/** Boxes of labels (inclusive min, exclusive max, [z, y, x]) in an n³ volume of zeros. */
function boxes(n: number, ...list: Array<[min: Shape3, max: Shape3, label: number]>): Uint8Array {
  const labels = new Uint8Array(n * n * n);
  for (const [min, max, label] of list) {
    for (let z = min[0]; z < max[0]; z++) for (let y = min[1]; y < max[1]; y++) for (let x = min[2]; x < max[2]; x++) labels[(z * n + y) * n + x] = label;
  }
  return labels;
}

describe('compareLabels', () => {
  it('counts A only, B only and both, and Dice, on one grid', () => {
    const a = boxes(16, [[0, 0, 0], [4, 4, 4], 1]); // 64 voxels
    const b = boxes(16, [[2, 0, 0], [6, 4, 4], 2]); // 64, of which 32 overlap A
    assert.deepEqual(compareLabels({ labels: a, grid: grid(16) }, { labels: b, grid: grid(16) }), { aOnly: 32, bOnly: 32, both: 32, dice: 0.5, shape: [16, 16, 16] });
  });

  it('compares foreground, whatever the label ids (two models number their instances apart)', () => {
    const a = boxes(8, [[0, 0, 0], [2, 2, 2], 1], [[4, 4, 4], [6, 6, 6], 2]); // 8 + 8
    const b = boxes(8, [[0, 0, 0], [2, 2, 2], 7], [[4, 4, 4], [6, 6, 5], 7]); // 8 + 4
    const result = compareLabels({ labels: a, grid: grid(8) }, { labels: b, grid: grid(8) });
    assert.deepEqual([result.aOnly, result.bOnly, result.both], [4, 0, 12]);
    assert.equal(result.dice, 24 / 28);
  });

  it('agrees perfectly with itself, and on two empty volumes', () => {
    const a = boxes(8, [[1, 1, 1], [3, 5, 7], 3]);
    assert.deepEqual(compareLabels({ labels: a, grid: grid(8) }, { labels: a, grid: grid(8) }), { aOnly: 0, bOnly: 0, both: 48, dice: 1, shape: [8, 8, 8] });
    const none = new Uint8Array(8 ** 3);
    assert.equal(compareLabels({ labels: none, grid: grid(8) }, { labels: none, grid: grid(8) }).dice, 1);
    assert.equal(compareLabels({ labels: a, grid: grid(8) }, { labels: none, grid: grid(8) }).dice, 0);
  });

  it('resamples the coarser job onto the finer grid, in world coordinates', () => {
    // A: 16³ at full resolution. B: the same world box downsampled by 2 (8³ voxels of edge 2).
    // B's box of coarse voxels [2,4)³ covers fine voxels [4,8)³ = 64; A's box [4,8) × [4,8) × [6,12) (96) overlaps it in 32.
    const a = boxes(16, [[4, 4, 6], [8, 8, 12], 1]);
    const b = boxes(8, [[2, 2, 2], [4, 4, 4], 5]);
    const expected = { aOnly: 64, bOnly: 32, both: 32, dice: 64 / 160, shape: [16, 16, 16] as Shape3 };
    assert.deepEqual(compareLabels({ labels: a, grid: grid(16) }, { labels: b, grid: grid(8, 2) }), expected);
    // Either way round: the shared grid is the finer one, so the counts are the same, A and B swapped.
    assert.deepEqual(compareLabels({ labels: b, grid: grid(8, 2) }, { labels: a, grid: grid(16) }), { ...expected, aOnly: 32, bOnly: 64 });
    assert.deepEqual(sharedGrid(grid(8, 2), grid(16)), grid(16));
  });

  it('counts nothing of a volume where the other grid does not reach', () => {
    // B covers only the first 8 of A's 16 planes along z (same spacing, origin 0): A's labels past z = 8 are A only.
    const a = boxes(16, [[6, 0, 0], [10, 1, 1], 1]); // 4 voxels along z, 2 inside B's box
    const bGrid: LabelGrid = { shape: [8, 16, 16], spacing: [1, 1, 1], origin: [0, 0, 0] };
    const b = new Uint8Array(8 * 16 * 16);
    b[(6 * 16 + 0) * 16 + 0] = 1;
    b[(7 * 16 + 0) * 16 + 0] = 1;
    const result = compareLabels({ labels: a, grid: grid(16) }, { labels: b, grid: bGrid });
    assert.deepEqual([result.aOnly, result.bOnly, result.both], [2, 0, 2]);
  });
});
