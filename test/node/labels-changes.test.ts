// What a preview changed against its job's previous one (job-preview.changes), and the nearest
// resampling it uses across grids, on crafted volumes whose answers are known by construction.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHANGE_CODE, changeRegions, labelChanges, type PlacedLabels } from '../../src/labels/label-changes.ts';
import { drain } from '../../src/labels/label-regions.ts';
import { mulberry32 } from '../fixtures/random-bytes.ts';
import { resampleLabels, type LabelGrid } from '../../src/labels/label-grid.ts';
import type { Shape3 } from '../../src/labels/label-volume.ts';

const grid = (shape: Shape3, step = 1): LabelGrid => ({ shape, spacing: [step, step, step], origin: [(step - 1) / 2, (step - 1) / 2, (step - 1) / 2] });

/** A box of `label` (inclusive min, exclusive max, [z, y, x]) in an n³ volume of zeros. */
function box(n: number, min: Shape3, max: Shape3, label = 1, into?: Uint8Array): Uint8Array {
  const labels = into ?? new Uint8Array(n * n * n);
  for (let z = min[0]; z < max[0]; z++) for (let y = min[1]; y < max[1]; y++) for (let x = min[2]; x < max[2]; x++) labels[(z * n + y) * n + x] = label;
  return labels;
}

describe('change counts', () => {
  const placed = (labels: Uint8Array, labelIds = [0, 1], g = grid([16, 16, 16])) => ({ labels, labelIds, grid: g });

  it('count a grown, a shrunk and a moved object exactly', () => {
    const small = box(16, [4, 4, 4], [8, 8, 8]); // 64 voxels
    const grown = box(16, [4, 4, 4], [10, 8, 8]); // 96
    assert.deepEqual(labelChanges(placed(small), placed(grown)), { added: 32, removed: 0 });
    assert.deepEqual(labelChanges(placed(grown), placed(small)), { added: 0, removed: 32 });
    const moved = box(16, [4, 4, 6], [8, 8, 10]); // overlaps 2 of 4 columns
    assert.deepEqual(labelChanges(placed(small), placed(moved)), { added: 32, removed: 32 });
    assert.deepEqual(labelChanges(null, placed(small)), { added: 64, removed: 0 });
  });

  it('compare original ids, not dense indices: a renumbered label is a change, a re-indexed one is not', () => {
    const one = box(16, [0, 0, 0], [2, 16, 16]);
    assert.deepEqual(labelChanges(placed(one, [0, 5]), placed(one, [0, 7])), { added: 512, removed: 512 });
    const reindexed = Uint8Array.from(one, (v) => v * 2);
    assert.deepEqual(labelChanges(placed(one, [0, 5]), placed(reindexed, [0, 9, 5])), { added: 0, removed: 0 });
  });

  it('pass over equal words only where every index keeps its id: counts and codes as a voxel-by-voxel comparison of ids', () => {
    const next = mulberry32(21);
    /** The change by original ids, voxel by voxel: the definition. */
    const reference = (was: PlacedLabels, now: PlacedLabels) => {
      const codes = new Uint8Array(now.labels.length);
      let added = 0;
      let removed = 0;
      for (let i = 0; i < codes.length; i++) {
        const before = was.labelIds[was.labels[i]!]!;
        const after = now.labelIds[now.labels[i]!]!;
        if (before === after) continue;
        if (after !== 0) added++;
        if (before !== 0) removed++;
        codes[i] = after !== 0 ? CHANGE_CODE.added : CHANGE_CODE.removed;
      }
      return { changes: { added, removed }, codes };
    };
    // Index meanings: the same ids, ids appended, an index given to another id, two indices swapped.
    const meanings: Array<[number[], number[]]> = [
      [[0, 1, 2, 3], [0, 1, 2, 3]],
      [[0, 1, 2, 3], [0, 1, 2, 3, 9, 8]],
      [[0, 1, 2, 3], [0, 1, 7, 3]],
      [[0, 1, 2, 3], [0, 2, 1, 3]],
    ];
    for (let trial = 0; trial < 96; trial++) {
      const shape: Shape3 = [3 + (trial % 4), 5, [8, 12, 6, 7][trial % 4]!]; // rows of whole words, and not
      const length = shape[0] * shape[1] * shape[2];
      const kind = trial % 2 === 0 ? Uint8Array : Uint16Array;
      const [idsBefore, idsAfter] = meanings[Math.floor(trial / 2) % meanings.length]!;
      const before = new kind(length);
      // Runs of labels, mostly background, then a few voxels changed (some to themselves).
      for (let i = 0; i < length; i++) before[i] = next() < 0.2 ? (before[i - 1] ?? 1) : next() < 0.7 ? 0 : Math.floor(next() * idsBefore.length);
      const after = before.slice();
      for (let k = 0; k < [1, 5, length][trial % 3]!; k++) after[Math.floor(next() * length)] = Math.floor(next() * idsAfter.length);
      const was = { labels: before, labelIds: idsBefore, grid: grid(shape) };
      const now = { labels: after, labelIds: idsAfter, grid: grid(shape) };
      const expected = reference(was, now);
      assert.deepEqual(labelChanges(was, now), expected.changes, `trial ${trial}`);
      const { region } = drain(changeRegions(was, now));
      assert.deepEqual(region!.codes, expected.codes, `trial ${trial}: codes`);
    }
  });

  it('resample a previous preview on another grid onto the new one', () => {
    const coarse = box(8, [2, 2, 2], [4, 4, 4]); // 2³ voxels of 2³ world units
    const fine = box(16, [4, 4, 4], [8, 8, 8]); // the same object at step 1
    assert.deepEqual(labelChanges(placed(coarse, [0, 1], grid([8, 8, 8], 2)), placed(fine)), { added: 0, removed: 0 });
  });
});

describe('nearest resampling', () => {
  it('puts each voxel of the target at the nearest source voxel centre, and 0 outside the source', () => {
    const source = Uint8Array.from({ length: 4 * 4 * 4 }, (_, i) => i % 4); // label = x
    const shifted: LabelGrid = { shape: [4, 4, 4], spacing: [1, 1, 1], origin: [2, 0, 0] };
    const moved = resampleLabels(source, grid([4, 4, 4]), shifted);
    assert.deepEqual([...moved.subarray(0, 4)], [2, 3, 0, 0]);
  });
});
