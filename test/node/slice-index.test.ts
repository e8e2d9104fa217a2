// The slice slider's and keys' maths (src/slice-index.ts): voxel planes of the finest layer ↔ world positions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sliceAfterKey, sliceIndex, slicePlanes, slicePosition } from '../../src/slice-index.ts';

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
    assert.equal(slicePosition(RANGE, 0), -3);
    assert.equal(slicePosition(RANGE, 4), 5);
    assert.equal(slicePosition(RANGE, sliceIndex(undefined, slicePlanes(RANGE))), 1);
  });

  it('moves one plane per arrow or page key and jumps to the ends with Home and End, never past them', () => {
    assert.equal(sliceAfterKey('ArrowUp', 2, 5), 3);
    assert.equal(sliceAfterKey('PageUp', 2, 5), 3);
    assert.equal(sliceAfterKey('ArrowDown', 2, 5), 1);
    assert.equal(sliceAfterKey('PageDown', 2, 5), 1);
    assert.equal(sliceAfterKey('Home', 2, 5), 0);
    assert.equal(sliceAfterKey('End', 2, 5), 4);
    assert.equal(sliceAfterKey('ArrowUp', 4, 5), 4, 'stays on the last plane');
    assert.equal(sliceAfterKey('ArrowDown', 0, 5), 0, 'stays on the first plane');
    assert.equal(sliceAfterKey('End', 0, 0), 0, 'no planes yet');
    assert.equal(sliceAfterKey('ArrowLeft', 2, 5), undefined, 'not a slice key');
    assert.equal(sliceAfterKey('a', 2, 5), undefined);
  });
});
