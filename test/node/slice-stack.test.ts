// Where the layers' slice planes lie along the slice axis (src/scene/slice-stack.ts): the range a
// slider covers, the middle plane a fitted slice starts at, and the lift one stacking order gives.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Bounds } from '../../src/scene/scene-camera.ts';
import { finestPlanes, middlePlane, sliceRange, stackLift } from '../../src/scene/slice-stack.ts';
import { STACK_STEP } from '../../src/scene/slice-plane.ts';

const coarse = { origin: 0, step: 4, count: 5 }; // planes at 0, 4, … 16
const fine = { origin: 2, step: 1, count: 10 }; // planes at 2, 3, … 11

describe('slice stack', () => {
  it('covers the first to the last plane over all layers, stepping by the finest layer', () => {
    assert.deepEqual(sliceRange([coarse, fine]), { min: 0, max: 16, step: 1 });
    assert.deepEqual(sliceRange([fine, coarse]), { min: 0, max: 16, step: 1 }, 'whatever the order');
    assert.equal(sliceRange([]), null);
    assert.equal(finestPlanes([coarse, fine]), fine);
  });

  it('starts a fitted slice mid-content, on a plane of the finest layer', () => {
    const bounds: Bounds = [0, 1.6, 0, 1, 0, 8.6]; // mid x 0.8, mid z 4.3
    assert.equal(middlePlane(bounds, 'z', fine), 4);
    assert.equal(middlePlane(bounds, 'z', coarse), 4);
    assert.equal(middlePlane(bounds, 'x', fine), 1, 'along x: the plane nearest 0.8 of origin 2 step 1');
    assert.equal(middlePlane(bounds, 'z', null), 4, 'no layer: planes at whole world units');
  });

  it('lifts a slice per stacking order by a fraction of the finest plane step', () => {
    assert.equal(stackLift(coarse), 4 * STACK_STEP);
    assert.equal(stackLift(null), STACK_STEP);
  });
});
