// Spec of the order translucent props are blended in (src/scene/draw-order.ts): farthest first along
// the view direction, ties in the order given, props without bounds last.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { farToNear } from '../../src/scene/draw-order.ts';

describe('farToNear', () => {
  it('orders by depth along the view direction, not by distance from the eye', () => {
    // Looking along +z from z = -10: depth is z + 10 whatever x and y are.
    const centres = [0, 0, 5, 100, 0, 1, 0, 0, 9, 0, -50, 3];
    assert.deepEqual(farToNear(centres, [0, 0, -10], [0, 0, 1]), [2, 0, 3, 1]);
    assert.deepEqual(farToNear(centres, [0, 0, 20], [0, 0, -1]), [1, 3, 0, 2]);
  });

  it('keeps equal depths in the order given, and puts props with no bounds (NaN) last', () => {
    const centres = [0, 0, 2, NaN, NaN, NaN, 1, 1, 2, 0, 0, 7];
    assert.deepEqual(farToNear(centres, [0, 0, 0], [0, 0, 1]), [3, 0, 2, 1]);
  });
});
