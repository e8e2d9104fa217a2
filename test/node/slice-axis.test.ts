// The slice axis's maths (src/scene/slice-axis.ts): which world axis, which shape axis, how the slice
// camera is oriented, and a volume's planes along each axis.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSliceAxis, planesAlong, planeVoxels, shapeAxis, sliceFrame, worldAxis, SLICE_AXES } from '../../src/scene/slice-axis.ts';

describe('slice axis', () => {
  it('names an axis in world [x, y, z] order and in [z, y, x] shape order', () => {
    assert.deepEqual(SLICE_AXES.map(worldAxis), [2, 1, 0]);
    assert.deepEqual(SLICE_AXES.map(shapeAxis), [0, 1, 2]);
    assert.equal(isSliceAxis('y'), true);
    assert.equal(isSliceAxis('Z'), false);
    assert.equal(isSliceAxis(undefined), false);
  });

  it('keeps the other two axes in volume order, the earlier one down the screen, and never mirrors', () => {
    assert.deepEqual(sliceFrame('z'), { right: [1, 0, 0], down: [0, 1, 0], look: [0, 0, 1] }, 'z: like the 3D view');
    assert.deepEqual(sliceFrame('y'), { right: [1, 0, 0], down: [0, 0, 1], look: [0, -1, 0] });
    assert.deepEqual(sliceFrame('x'), { right: [0, 1, 0], down: [0, 0, 1], look: [1, 0, 0] });
    for (const axis of SLICE_AXES) {
      const { look } = sliceFrame(axis);
      assert.equal(Math.abs(look[worldAxis(axis)]), 1, `${axis}: the camera looks along the slice axis`);
    }
  });

  it('lists a volume’s planes along each axis from its shape, spacing and origin', () => {
    const shape: [number, number, number] = [4, 5, 6]; // z, y, x
    const spacing: [number, number, number] = [0.5, 2, 3]; // x, y, z
    const origin: [number, number, number] = [10, 20, 30]; // x, y, z
    assert.deepEqual(planesAlong(shape, spacing, origin, 'z'), { origin: 30, step: 3, count: 4 });
    assert.deepEqual(planesAlong(shape, spacing, origin, 'y'), { origin: 20, step: 2, count: 5 });
    assert.deepEqual(planesAlong(shape, spacing, origin, 'x'), { origin: 10, step: 0.5, count: 6 });
  });

  it('counts the voxels of one plane across each axis (what the slice view uploads)', () => {
    const shape: [number, number, number] = [4, 5, 6]; // z, y, x
    assert.deepEqual(SLICE_AXES.map((axis) => planeVoxels(shape, axis)), [30, 24, 20]);
  });
});
