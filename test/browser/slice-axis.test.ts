// The slice view along z, y and x, in real Chromium: each axis shows the right plane of a crafted volume,
// oriented as slice-axis.ts says (z: x right, y down; y: x right, z down; x: y right, z down).
import { expect } from '@open-wc/testing';
import type { Shape3, Vec3 } from '../../src/labels/label-volume.ts';
import { SLICE_AXES, type SliceAxis } from '../../src/scene/slice-axis.ts';
import { sliceIndex, slicePlanes, slicePosition } from '../../src/slice-index.ts';
import { boxVolume, expectColor, mountScene, readPixels, slicePixel, type MountedScene } from './scene-fixtures.ts';

const WIDTH = 240;
const HEIGHT = 160;
const SHAPE: Shape3 = [6, 8, 10]; // z, y, x: every axis its own length
const RED = [255, 0, 0, 255];
const BLUE = [0, 0, 255, 255];
const BLACK = [0, 0, 0, 255];

// Red (id 4): x 6..8, y 0..3, z 0..2, a corner box. Blue (id 5): x 0..3, y 5..8, z 3..6, the opposite corner.
const RED_BOX = { min: [6, 0, 0] as Vec3, max: [8, 3, 2] as Vec3, index: 1 };
const BLUE_BOX = { min: [0, 5, 3] as Vec3, max: [3, 8, 6] as Vec3, index: 2 };
const colors = new Map([
  [4, [1, 0, 0, 1] as [number, number, number, number]],
  [5, [0, 0, 1, 1] as [number, number, number, number]],
]);

/** The centre of a box's middle voxel, as a world point [x, y, z]. */
const inside = (box: { min: Vec3; max: Vec3 }): Vec3 => [0, 1, 2].map((i) => (box.min[i]! + box.max[i]! - 1) / 2) as Vec3;

describe('the slice view along each axis', () => {
  let mounted: MountedScene | undefined;
  afterEach(() => {
    mounted?.remove();
    mounted = undefined;
  });

  for (const axis of SLICE_AXES) {
    it(`shows along ${axis} the plane it is on, each box where its other two coordinates put it`, () => {
      const m = (mounted = mountScene(WIDTH, HEIGHT));
      m.scene.setLayer('a', boxVolume(SHAPE, [RED_BOX, BLUE_BOX], [0, 4, 5]));
      m.scene.setLayerStyle('a', { colors });
      m.scene.setView('slice');
      m.scene.setSliceAxis(axis);
      const w = axis === 'x' ? 0 : axis === 'y' ? 1 : 2;
      const range = m.scene.sliceRange()!;
      expect(slicePlanes(range), `${axis}: planes along the axis`).to.equal(SHAPE[2 - w]);
      expect(m.scene.slice, `${axis}: a new axis starts at its middle plane`).to.equal(slicePosition(range, sliceIndex(undefined, slicePlanes(range))));
      const at = (point: Vec3) => slicePixel(axis, point, SHAPE, WIDTH, HEIGHT);
      const show = (plane: number) => {
        m.scene.setSlice(slicePosition(range, plane));
        return readPixels(m);
      };
      const red = inside(RED_BOX);
      const blue = inside(BLUE_BOX);

      let px = show(RED_BOX.min[w]!);
      expectColor(px(...at(red)), RED, 2, `${axis} plane ${RED_BOX.min[w]}: the red box`);
      expectColor(px(...at(blue)), BLACK, 0, `${axis} plane ${RED_BOX.min[w]}: no blue (it is on other planes)`);

      px = show(BLUE_BOX.max[w]! - 1);
      expectColor(px(...at(blue)), BLUE, 2, `${axis} plane ${BLUE_BOX.max[w]! - 1}: the blue box`);
      expectColor(px(...at(red)), BLACK, 0, `${axis} plane ${BLUE_BOX.max[w]! - 1}: no red`);
      const outside = [0, 1, 2].map((i) => (i === w ? 0 : (BLUE_BOX.max[i]! + 0.5))) as Vec3;
      expectColor(px(...at(outside)), BLACK, 0, `${axis}: just past the blue box's corner`);
    });
  }

  it('keeps the slice camera looking along the new axis after a change of axis (z → x → z)', () => {
    const m = (mounted = mountScene(WIDTH, HEIGHT));
    m.scene.setLayer('a', boxVolume(SHAPE, [RED_BOX, BLUE_BOX], [0, 4, 5]));
    m.scene.setLayerStyle('a', { colors });
    m.scene.setView('slice');
    const path: SliceAxis[] = ['x', 'z'];
    for (const axis of path) {
      m.scene.setSliceAxis(axis);
      const w = axis === 'x' ? 0 : 2;
      m.scene.setSlice(RED_BOX.min[w]!);
      expectColor(readPixels(m)(...slicePixel(axis, inside(RED_BOX), SHAPE, WIDTH, HEIGHT)), RED, 2, `${axis}: the red box`);
    }
  });
});
