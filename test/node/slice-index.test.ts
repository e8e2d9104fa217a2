// The slice slider's maths (src/slice-index.ts): voxel planes of the finest layer ↔ world z.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sliceIndex, slicePlanes, sliceZ } from '../../src/slice-index.ts';

// Planes at z = -3, -1, 1, 3, 5: five planes two apart.
const RANGE = { min: -3, max: 5, step: 2 };

describe('slice index', () => {
  it('counts the finest layer’s planes, none before any layer', () => {
    assert.equal(slicePlanes(RANGE), 5);
    assert.equal(slicePlanes({ min: 0, max: 0, step: 1 }), 1);
    assert.equal(slicePlanes({ min: 0, max: 0.9999999, step: 1 / 3 }), 4, 'rounded, not floored');
    assert.equal(slicePlanes(null), 0);
  });

  it('shows the middle plane when no index is wanted', () => {
    assert.equal(sliceIndex(undefined, 5), 2);
    assert.equal(sliceIndex(undefined, 4), 2);
    assert.equal(sliceIndex(undefined, 0), 0);
    assert.equal(sliceIndex(Number.NaN, 5), 2, 'a slice attribute that is not a number');
  });

  it('rounds a wanted index and keeps it among the planes', () => {
    assert.equal(sliceIndex(1.4, 5), 1);
    assert.equal(sliceIndex(1.6, 5), 2);
    assert.equal(sliceIndex(-3, 5), 0);
    assert.equal(sliceIndex(99, 5), 4);
    assert.equal(sliceIndex(3, 0), 0, 'no planes yet');
  });

  it('puts plane i at min + i · step', () => {
    assert.equal(sliceZ(RANGE, 0), -3);
    assert.equal(sliceZ(RANGE, 4), 5);
    assert.equal(sliceZ(RANGE, sliceIndex(undefined, slicePlanes(RANGE))), 1);
  });
});
