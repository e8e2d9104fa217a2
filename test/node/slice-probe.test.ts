// Spec of the slice probe (src/scene/slice-probe.ts): a viewport point through the slice camera to the
// world, then to the top-most drawn label, its voxel in the preview grid and in source voxels, and the
// base volume's intensity.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Shape3, Vec3 } from '../../src/labels/label-volume.ts';
import { probeSlice, sliceWorldPoint, voxelAt, type ProbeLayer } from '../../src/scene/slice-probe.ts';

/** A [4, 4, 4] layer with label `id` (dense 1) on one voxel [z, y, x], downsampled by `f` (origin (f − 1)/2). */
function layer(jobId: string, id: number, [z, y, x]: Shape3, f = 1): ProbeLayer {
  const labels = new Uint8Array(64);
  labels[(z * 4 + y) * 4 + x] = 1;
  const o = (f - 1) / 2;
  return { jobId, shown: true, volume: { shape: [4, 4, 4], spacing: [f, f, f], origin: [o, o, o], labels, labelIds: new Float64Array([0, id]) } };
}

describe('sliceWorldPoint', () => {
  // A z slice at z = 2 as fitSlice orients it: looking along +z, y down the screen (view up −y).
  const pose = { position: [5, 5, -10] as Vec3, focalPoint: [5, 5, 2] as Vec3, viewUp: [0, -1, 0] as Vec3, parallelScale: 5 };

  it('puts the viewport centre on the focal point and the corners a parallel scale away, x right and y down', () => {
    assert.deepEqual(sliceWorldPoint(pose, 1, 0.5, 0.5), [5, 5, 2]);
    assert.deepEqual(sliceWorldPoint(pose, 1, 0, 0), [0, 0, 2], 'top left');
    assert.deepEqual(sliceWorldPoint(pose, 2, 1, 1), [15, 10, 2], 'bottom right of a viewport twice as wide');
  });

  it('follows an x slice: y right, z down', () => {
    const x = { position: [-10, 5, 5] as Vec3, focalPoint: [3, 5, 5] as Vec3, viewUp: [0, 0, -1] as Vec3, parallelScale: 5 };
    assert.deepEqual(sliceWorldPoint(x, 1, 1, 1), [3, 10, 10]);
  });
});

describe('probeSlice', () => {
  it('finds the voxel whose extent holds the point, and none outside the grid', () => {
    assert.deepEqual(voxelAt([1.4, 2.6, 0], [4, 4, 4], [1, 1, 1], [0, 0, 0]), [0, 3, 1]);
    assert.equal(voxelAt([4, 0, 0], [4, 4, 4], [1, 1, 1], [0, 0, 0]), null);
  });

  it('reports the label, the preview voxel and the source voxel of a downsampled layer', () => {
    // f = 2: preview voxel [1, 2, 3] covers source voxels 2..3, 4..5, 6..7 and is centred at 2.5, 4.5, 6.5.
    const probe = probeSlice([6.2, 4.4, 2.9], [layer('a', 7, [1, 2, 3], 2)], null);
    assert.deepEqual(probe, { jobId: 'a', label: 7, voxel: [1, 2, 3], sourceVoxel: [3, 4, 6] });
  });

  it('lets the top layer win, looks through background, hidden labels and hidden layers', () => {
    const below = layer('below', 5, [1, 1, 1]);
    const above = layer('above', 9, [1, 1, 1]);
    assert.equal(probeSlice([1, 1, 1], [below, above], null)?.jobId, 'above');
    assert.deepEqual(probeSlice([1, 1, 1], [below, { ...above, hidden: new Set([9]) }], null), { jobId: 'below', label: 5, voxel: [1, 1, 1], sourceVoxel: [1, 1, 1] });
    assert.equal(probeSlice([1, 1, 1], [below, { ...above, shown: false }], null)?.jobId, 'below');
    assert.deepEqual(probeSlice([2, 2, 2], [below, above], null), { jobId: 'above', label: 0, voxel: [2, 2, 2], sourceVoxel: [2, 2, 2] }, 'background: the top layer');
    assert.equal(probeSlice([9, 9, 9], [below, above], null), null, 'off every layer');
  });

  it('adds the base volume’s intensity where it holds the point', () => {
    const data = new Float32Array(64).map((_, i) => i / 2);
    const probe = probeSlice([3, 2, 1], [layer('a', 1, [1, 2, 3])], { data, shape: [4, 4, 4], spacing: [1, 1, 1] });
    assert.equal(probe?.intensity, ((1 * 4 + 2) * 4 + 3) / 2);
    assert.deepEqual(JSON.parse(JSON.stringify(probe)), probe, 'a label-hover detail is plain data');
  });
});
