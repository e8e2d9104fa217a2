// Spec of the orientation marker's geometry (src/scene/axes-marker.ts): where x, y and z point on screen
// for the cameras the scene uses, which are seen end-on, and the words for it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Vec3 } from '../../src/labels/label-volume.ts';
import { describeAxes, markerAxes } from '../../src/scene/axes-marker.ts';

const pose = (position: Vec3, focalPoint: Vec3, viewUp: Vec3) => ({ position, focalPoint, viewUp });
const byName = (axes: ReturnType<typeof markerAxes>) => Object.fromEntries(axes.map((a) => [a.name, [a.dx, a.dy, a.depth].map((v) => Math.round(v * 1000) / 1000 + 0)]));

describe('markerAxes', () => {
  it('sees a z slice (look +z, up −y) as x right, y down, z end-on into the screen', () => {
    const axes = markerAxes(pose([5, 5, -10], [5, 5, 2], [0, -1, 0]));
    assert.deepEqual(byName(axes), { x: [1, 0, 0], y: [0, 1, 0], z: [0, 0, 1] });
    assert.equal(describeAxes(axes), 'x right, y down, z into the screen');
    assert.equal(axes[0]!.name, 'z', 'back to front: the farthest first');
  });

  it('sees an x slice (look +x, up −z) as y right, z down', () => {
    assert.equal(describeAxes(markerAxes(pose([-10, 5, 5], [3, 5, 5], [0, 0, -1]))), 'x into the screen, y right, z down');
  });

  it('makes a view up that leans along the view orthogonal first', () => {
    const leaning = markerAxes(pose([0, 0, -10], [0, 0, 0], [0, -1, 0.5]));
    assert.deepEqual(byName(leaning), byName(markerAxes(pose([0, 0, -10], [0, 0, 0], [0, -1, 0]))));
  });

  it('turns with the camera: from behind (look −z, up −y) x points left and z out of the screen', () => {
    const axes = markerAxes(pose([0, 0, 10], [0, 0, 0], [0, -1, 0]));
    assert.equal(describeAxes(axes), 'x left, y down, z out of the screen');
  });

  it('draws all three of an oblique 3D view, each a visible length', () => {
    const axes = markerAxes(pose([3.5, 3, -10], [0, 0, 0], [0, -1, 0]));
    for (const a of axes) assert.ok(Math.hypot(a.dx, a.dy) > 0.2, `${a.name} is drawn`);
    assert.equal(describeAxes(axes), 'x right, y down, z into the screen', 'named by the direction it mostly points in');
  });
});
